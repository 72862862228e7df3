{
  buildPythonPackage,
  pythonAtLeast,

  # build-system
  setuptools,

  # dependencies
  alembic,
  antlr4-python3-runtime,
  click,
  coloredlogs,
  dagster-pipes,
  dagster-shared,
  docstring-parser,
  filelock,
  grpcio,
  grpcio-health-checking,
  jinja2,
  protobuf,
  python-dotenv,
  pytz,
  requests,
  rich,
  six,
  sqlalchemy,
  structlog,
  tabulate,
  tomli,
  toposort,
  tqdm,
  tzdata,
  universal-pathlib,
  watchdog,

  # optional-dependencies
  docker,
}:

buildPythonPackage (finalAttrs: {
  pname = "dagster";
  inherit (dagster-shared) version src;
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  sourceRoot = "${finalAttrs.src.name}/python_modules/dagster";

  build-system = [ setuptools ];

  dependencies = [
    alembic
    antlr4-python3-runtime
    click
    coloredlogs
    dagster-pipes
    dagster-shared
    docstring-parser
    filelock
    grpcio
    grpcio-health-checking
    jinja2
    protobuf
    python-dotenv
    pytz
    requests
    rich
    setuptools
    six
    sqlalchemy
    structlog
    tabulate
    tomli
    toposort
    tqdm
    tzdata
    universal-pathlib
    watchdog
  ];

  optional-dependencies = {
    docker = [ docker ];
  };

  pythonImportsCheck = [ "dagster" ];

  # the test suite needs dagster's test extra (buildkite-test-collector, docker, morefs), not in nixpkgs
  doCheck = false;

  meta = dagster-shared.meta // {
    description = "Orchestration platform for the development, production, and observation of data assets";
    homepage = "https://dagster.io";
    changelog = "https://github.com/dagster-io/dagster/releases";
    mainProgram = "dagster";
  };
})
