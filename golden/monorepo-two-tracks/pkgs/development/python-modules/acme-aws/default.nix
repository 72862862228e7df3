{
  lib,
  buildPythonPackage,

  # build-system
  hatchling,

  # dependencies
  acme,
  boto3,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-aws";
  version = "0.28.0";
  pyproject = true;

  inherit (acme) src;

  sourceRoot = "${finalAttrs.src.name}/python_modules/libraries/acme-aws";

  build-system = [ hatchling ];

  dependencies = [
    acme
    boto3
  ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_aws" ];

  meta = {
    description = "Amazon Web Services integration for Acme";
    homepage = "https://github.com/acme-org/acme/tree/main/python_modules/libraries/acme-aws";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
