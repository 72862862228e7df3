{
  buildPythonPackage,
  pythonAtLeast,
  dagster-shared,

  # build-system
  setuptools,

  # dependencies
  dagster,
  gql,
  graphene,
  requests,
  starlette,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster-graphql";
  inherit (dagster-shared) version src;
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  sourceRoot = "${finalAttrs.src.name}/python_modules/dagster-graphql";

  build-system = [ setuptools ];

  dependencies = [
    dagster
    gql
    graphene
    requests
    starlette
  ]
  ++ gql.optional-dependencies.requests;

  pythonImportsCheck = [ "dagster_graphql" ];

  # the test extra needs dagster-test, which is not released on PyPI
  doCheck = false;

  meta = dagster-shared.meta // {
    description = "GraphQL frontend to python dagster";
    homepage = "https://github.com/dagster-io/dagster/tree/master/python_modules/dagster-graphql";
    mainProgram = "dagster-graphql";
  };
})
