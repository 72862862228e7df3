{
  lib,
  stdenv,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,
  pythonAtLeast,

  # build-system
  setuptools,

  # dependencies
  appnope,
  distro,
  importlib-metadata,
  legacy-cgi,
  numpy,
  packaging,

  # optional-dependencies
  matplotlib,
  pillow,
}:

buildPythonPackage (finalAttrs: {
  pname = "interp";
  version = "0.8.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "interp";
    repo = "interp";
    tag = "v${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ setuptools ];

  dependencies = [
    numpy
    packaging
  ]
  ++ lib.optionals stdenv.hostPlatform.isDarwin [ appnope ]
  ++ lib.optionals (pythonOlder "3.10") [ importlib-metadata ]
  ++ lib.optionals (pythonAtLeast "3.13") [ legacy-cgi ]
  ++ lib.optionals (stdenv.hostPlatform.isLinux && pythonOlder "3.12") [ distro ];

  optional-dependencies = {
    plot = [
      matplotlib
      pillow
    ];
  };

  pythonImportsCheck = [ "interp" ];

  # the test suite needs a compiled extension built in place
  doCheck = false;

  meta = {
    description = "Numerics that care about the interpreter";
    homepage = "https://github.com/interp/interp";
    license = lib.licenses.bsd3;
    maintainers = [ ];
  };
})
