{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  hatchling,

  # dependencies
  httpx,
  pydantic,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-suite";
  version = "3.0.2";
  pyproject = true;

  disabled = pythonOlder "3.10";

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme-suite";
    tag = "v${finalAttrs.version}";
    hash = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=";
  };

  build-system = [ hatchling ];

  dependencies = [
    httpx
    pydantic
  ];

  optional-dependencies = {
    http2 = [ httpx ] ++ httpx.optional-dependencies.http2;
  };

  # meta-package: it installs no module of its own, only its dependencies
  doCheck = false;

  meta = {
    description = "Installs the Acme workflow engine together with its HTTP client";
    homepage = "https://github.com/acme-org/acme-suite";
    license = lib.licenses.mit;
    maintainers = with lib.maintainers; [ alice ];
  };
})
