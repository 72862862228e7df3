{
  buildPythonPackage,

  # build-system
  hatchling,

  # dependencies
  acme,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-extra";
  inherit (acme) version src;
  pyproject = true;

  sourceRoot = "${finalAttrs.src.name}/libs/acme-extra";

  build-system = [ hatchling ];

  dependencies = [ acme ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_extra" ];

  meta = acme.meta // {
    description = "Extra steps for the Acme workflow engine";
    homepage = "https://github.com/acme-org/acme/tree/main/libs/acme-extra";
  };
})
