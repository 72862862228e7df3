{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonAtLeast,

  # build-system
  setuptools,

  # optional-dependencies
  google-cloud-storage,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster-pipes";
  version = "1.12.0";
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  src = fetchFromGitHub {
    owner = "dagster-io";
    repo = "dagster";
    tag = finalAttrs.version;
    hash = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=";
  };

  sourceRoot = "${finalAttrs.src.name}/python_modules/dagster-pipes";

  build-system = [ setuptools ];

  optional-dependencies = {
    stubs = [ google-cloud-storage ];
  };

  pythonImportsCheck = [ "dagster_pipes" ];

  # tests live in dagster_pipes_tests and need dagster itself (a dependency cycle)
  doCheck = false;

  meta = {
    description = "Toolkit for Dagster integrations with transform logic outside of Dagster";
    homepage = "https://github.com/dagster-io/dagster/tree/master/python_modules/dagster-pipes";
    license = lib.licenses.asl20;
    maintainers = [ ];
  };
})
