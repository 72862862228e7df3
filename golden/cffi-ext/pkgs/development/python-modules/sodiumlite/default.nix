{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  cffi,
  setuptools,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "sodiumlite";
  version = "1.0.4";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme";
    repo = "sodiumlite";
    tag = finalAttrs.version;
    hash = "sha256-ZxWPDj/ZCkGDY29YyKHcDe9qnRA+oFp22tdb3WIlBmo=";
  };

  build-system = [
    cffi
    setuptools
  ];

  # buildInputs: system libraries the build links are not declared upstream (src/sodiumlite/_build.py links sodium)

  dependencies = [ cffi ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "sodiumlite" ];

  meta = {
    description = "Minimal bindings to libsodium's secretbox";
    homepage = "https://github.com/acme/sodiumlite";
    license = lib.licenses.isc;
    maintainers = with lib.maintainers; [ alice ];
  };
})
