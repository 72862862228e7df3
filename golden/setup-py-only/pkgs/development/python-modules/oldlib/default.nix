{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  setuptools,

  # dependencies
  requests,
  six,
  tomli,

  # optional-dependencies
  pysocks,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "oldlib";
  version = "1.4.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "oldlib";
    repo = "oldlib";
    tag = "v${finalAttrs.version}";
    hash = "sha256-3Lz4JK2sYCfHW3Bb2vEpx7ZFQ5QeBZCTVVsw2u6a1nQ=";
  };

  build-system = [ setuptools ];

  dependencies = [
    requests
    six
  ]
  ++ lib.optionals (pythonOlder "3.11") [ tomli ];

  optional-dependencies = {
    socks = [ pysocks ];
  };

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "oldlib" ];

  meta = {
    description = "Library that predates pyproject.toml";
    homepage = "https://github.com/oldlib/oldlib";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
