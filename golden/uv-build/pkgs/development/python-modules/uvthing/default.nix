{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  uv-build,

  # dependencies
  httpx,
  rich,
}:

buildPythonPackage (finalAttrs: {
  pname = "uvthing";
  version = "1.1.0";
  pyproject = true;

  disabled = pythonOlder "3.12";

  src = fetchFromGitHub {
    owner = "uvthing";
    repo = "uvthing";
    tag = "v${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ uv-build ];

  dependencies = [
    httpx
    rich
  ];

  pythonImportsCheck = [ "uvthing" ];

  # the source ships no tests
  doCheck = false;

  meta = {
    description = "Example built with uv's backend";
    homepage = "https://github.com/uvthing/uvthing";
    license = lib.licenses.bsd0;
    maintainers = [ ];
  };
})
