{
  buildPythonPackage,
  pythonAtLeast,
  dagster-shared,

  # build-system
  setuptools,

  # dependencies
  click,
  dagster,
  dagster-graphql,
  starlette,
  uvicorn,

  # optional-dependencies
  nbconvert,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster-webserver";
  inherit (dagster-shared) version src;
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  sourceRoot = "${finalAttrs.src.name}/python_modules/dagster-webserver";

  build-system = [ setuptools ];

  dependencies = [
    click
    dagster
    dagster-graphql
    starlette
    uvicorn
  ]
  ++ uvicorn.optional-dependencies.standard;

  optional-dependencies = {
    notebook = [ nbconvert ];
  };

  pythonImportsCheck = [ "dagster_webserver" ];

  # tests need a built dagster-ui front end
  doCheck = false;

  meta = dagster-shared.meta // {
    description = "Web UI for dagster";
    homepage = "https://github.com/dagster-io/dagster";
    mainProgram = "dagster-webserver";
  };
})
