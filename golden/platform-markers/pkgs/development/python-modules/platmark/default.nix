{
  lib,
  stdenv,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,
  pythonAtLeast,

  # build-system
  hatchling,

  # dependencies
  async-timeout,
  cffi,
  jax,
  pyinotify,
  pyobjc-framework-fsevents,
  uvloop,

  # optional-dependencies
  msgspec,
  orjson,
}:

buildPythonPackage (finalAttrs: {
  pname = "platmark";
  version = "0.1.0";
  pyproject = true;

  disabled = pythonAtLeast "3.14";

  src = fetchFromGitHub {
    owner = "platmark";
    repo = "platmark";
    tag = "v${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ hatchling ];

  dependencies = [
    cffi
    uvloop
  ]
  ++ lib.optionals stdenv.hostPlatform.isLinux [ pyinotify ]
  ++ lib.optionals (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64) [ jax ]
  ++ lib.optionals stdenv.hostPlatform.isDarwin [ pyobjc-framework-fsevents ]
  ++ lib.optionals (pythonAtLeast "3.10" && pythonOlder "3.12") [ async-timeout ];

  optional-dependencies = {
    speedups = [ msgspec ] ++ lib.optionals stdenv.hostPlatform.isAarch64 [ orjson ];
  };

  pythonImportsCheck = [ "platmark" ];

  # tests need inotify and fsevents
  doCheck = false;

  meta = {
    description = "File watching on every platform";
    homepage = "https://github.com/platmark/platmark";
    license = lib.licenses.asl20;
    maintainers = [ ];
  };
})
