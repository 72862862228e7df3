{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  setuptools-scm,

  # dependencies
  packaging,
  zipp,

  # optional-dependencies
  click,
}:

buildPythonPackage (finalAttrs: {
  pname = "dynver";
  version = "2.0.1";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "dynver";
    repo = "dynver";
    tag = "v${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ setuptools-scm ];

  dependencies = [ packaging ] ++ lib.optionals (pythonOlder "3.10") [ zipp ];

  optional-dependencies = {
    cli = [ click ];
  };

  pythonImportsCheck = [ "dynver" ];

  # the source ships no tests
  doCheck = false;

  meta = {
    description = "Versions computed at build time";
    homepage = "https://github.com/dynver/dynver";
    license = lib.licenses.bsd2;
    maintainers = [ ];
  };
})
