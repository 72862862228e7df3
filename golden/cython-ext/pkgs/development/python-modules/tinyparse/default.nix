{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  cython,
  setuptools,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "tinyparse";
  version = "4.1.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme";
    repo = "tinyparse";
    tag = "v${finalAttrs.version}";
    hash = "sha256-iCZJstsrvQhh5w2h1fCpbOtXCSw5IkVXnoweiXDbRRA=";
  };

  build-system = [
    cython
    setuptools
  ];

  # buildInputs: system libraries the build links are not declared upstream (setup.py links yaml)

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "tinyparse" ];

  meta = {
    description = "YAML subset parser with a libyaml fast path";
    homepage = "https://github.com/acme/tinyparse";
    license = lib.licenses.mit;
    maintainers = with lib.maintainers; [ alice ];
  };
})
