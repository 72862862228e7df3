{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  setuptools,

  # dependencies
  packaging,
  platformdirs,
  pydantic,
  pyyaml,
  tomlkit,
  typing-extensions,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster-shared";
  version = "1.12.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "dagster-io";
    repo = "dagster";
    tag = finalAttrs.version;
    hash = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=";
  };

  sourceRoot = "${finalAttrs.src.name}/python_modules/libraries/dagster-shared";

  build-system = [ setuptools ];

  dependencies = [
    packaging
    platformdirs
    pydantic
    pyyaml
    tomlkit
    typing-extensions
  ];

  pythonImportsCheck = [ "dagster_shared" ];

  # the test extra needs buildkite-test-collector, which nixpkgs does not package
  doCheck = false;

  meta = {
    description = "Shared code between dagster and dagster-dg-core";
    homepage = "https://github.com/dagster-io/dagster/tree/master/python_modules/libraries/dagster-shared";
    license = lib.licenses.asl20;
    maintainers = [ ];
  };
})
