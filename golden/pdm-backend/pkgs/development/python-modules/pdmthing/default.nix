{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  pdm-backend,

  # dependencies
  anyio,
  backports-zstd,

  # tests
  pytest-asyncio,
  pytestCheckHook,
  trio,
}:

buildPythonPackage (finalAttrs: {
  pname = "pdmthing";
  version = "5.0.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "pdmthing";
    repo = "pdmthing";
    tag = finalAttrs.version;
    hash = "sha256-MBI7vTTIrFk63hd6u6BL8HrOW5e1b1XGBCkmolSkLro=";
  };

  build-system = [ pdm-backend ];

  dependencies = [ anyio ] ++ lib.optionals (pythonOlder "3.14") [ backports-zstd ];

  nativeCheckInputs = [
    pytestCheckHook
    pytest-asyncio
    trio
  ];

  pythonImportsCheck = [ "pdmthing" ];

  meta = {
    description = "Thing manager built with PDM";
    homepage = "https://github.com/pdmthing/pdmthing";
    license = lib.licenses.mpl20;
    maintainers = [ ];
  };
})
