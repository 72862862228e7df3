{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatchling,

  # dependencies
  attrs,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme";
  version = "5.0.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "v${finalAttrs.version}";
    hash = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c=";
  };

  sourceRoot = "${finalAttrs.src.name}/acme";

  build-system = [ hatchling ];

  dependencies = [ attrs ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme" ];

  meta = {
    description = "Workflow engine of the Acme suite";
    homepage = "https://github.com/acme-org/acme/tree/main/acme";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
