{
  buildPythonPackage,

  # build-system
  hatchling,

  # dependencies
  acme-core,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-plugin-hello";
  inherit (acme-core) version src;
  pyproject = true;

  sourceRoot = "${finalAttrs.src.name}/plugins/acme-plugin-hello";

  build-system = [ hatchling ];

  dependencies = [ acme-core ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_plugin_hello" ];

  meta = acme-core.meta // {
    description = "Greeting plugin for the Acme workflow engine";
    homepage = "https://github.com/acme-org/acme/tree/main/plugins/acme-plugin-hello";
  };
})
