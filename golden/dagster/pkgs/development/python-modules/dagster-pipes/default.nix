{
  buildPythonPackage,
  pythonAtLeast,
  dagster-shared,

  # build-system
  setuptools,

  # optional-dependencies
  google-cloud-storage,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster-pipes";
  inherit (dagster-shared) version src;
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  sourceRoot = "${finalAttrs.src.name}/python_modules/dagster-pipes";

  build-system = [ setuptools ];

  optional-dependencies = {
    stubs = [ google-cloud-storage ];
  };

  pythonImportsCheck = [ "dagster_pipes" ];

  # tests live in dagster_pipes_tests and need dagster itself (a dependency cycle)
  doCheck = false;

  meta = dagster-shared.meta // {
    description = "Toolkit for Dagster integrations with transform logic outside of Dagster";
    homepage = "https://github.com/dagster-io/dagster/tree/master/python_modules/dagster-pipes";
  };
})
