{
  lib,
  stdenv,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  hatchling,

  # dependencies
  httpx,
  pydantic,
  tomli,
  typing-extensions,
  uvloop,

  # optional-dependencies
  psycopg2,

  # tests
  pytest-cov-stub,
  pytestCheckHook,
  respx,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-core";
  version = "2.4.1";
  pyproject = true;

  disabled = pythonOlder "3.10";

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "v${finalAttrs.version}";
    hash = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=";
  };

  build-system = [ hatchling ];

  dependencies = [
    httpx
    pydantic
  ]
  ++ lib.optionals stdenv.hostPlatform.isLinux [ uvloop ]
  ++ lib.optionals (pythonOlder "3.11") [ tomli ]
  ++ lib.optionals (pythonOlder "3.12") [ typing-extensions ]
  ++ httpx.optional-dependencies.http2;

  optional-dependencies = {
    postgres = [ psycopg2 ];
  };

  nativeCheckInputs = [
    pytestCheckHook
    pytest-cov-stub
    respx
  ];

  pythonImportsCheck = [ "acme_core" ];

  meta = {
    description = "Core runtime of the Acme workflow engine";
    homepage = "https://acme.example.org";
    changelog = "https://github.com/acme-org/acme/blob/main/CHANGELOG.md";
    license = lib.licenses.asl20;
    maintainers = with lib.maintainers; [ alice ];
    mainProgram = "acme";
  };
})
