{
  buildPythonPackage,

  # build-system
  setuptools,

  # dependencies
  acme-api,
  typing-extensions,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-sdk";
  inherit (acme-api) version src;
  pyproject = true;

  sourceRoot = "${finalAttrs.src.name}/acme-sdk";

  build-system = [ setuptools ];

  dependencies = [
    acme-api
    typing-extensions
  ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme.sdk" ];

  meta = acme-api.meta // {
    description = "Telemetry implementation of the Acme toolkit";
    homepage = "https://github.com/acme-org/acme/tree/main/acme-sdk";
  };
})
