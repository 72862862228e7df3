{
  buildPythonPackage,
  dagster-pipes,

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
  inherit (dagster-pipes) version src;
  pyproject = true;

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

  meta = dagster-pipes.meta // {
    description = "Shared code between dagster and dagster-dg-core";
    homepage = "https://github.com/dagster-io/dagster/tree/master/python_modules/libraries/dagster-shared";
  };
})
