{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  setuptools,

  # dependencies
  typing-extensions,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-api";
  version = "1.30.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "v${finalAttrs.version}";
    hash = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c=";
  };

  sourceRoot = "${finalAttrs.src.name}/acme-api";

  build-system = [ setuptools ];

  dependencies = [ typing-extensions ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme.api" ];

  meta = {
    description = "Telemetry interfaces of the Acme toolkit";
    homepage = "https://github.com/acme-org/acme/tree/main/acme-api";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
