{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatchling,

  # dependencies
  click,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-core";
  version = "3.0.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "v${finalAttrs.version}";
    hash = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c=";
  };

  sourceRoot = "${finalAttrs.src.name}/core";

  build-system = [ hatchling ];

  dependencies = [ click ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_core" ];

  meta = {
    description = "Core runtime of the Acme workflow engine";
    homepage = "https://github.com/acme-org/acme/tree/main/core";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
