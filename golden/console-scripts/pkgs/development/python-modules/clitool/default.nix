{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  setuptools,

  # dependencies
  click,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "clitool";
  version = "4.2";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "clitool";
    repo = "clitool";
    tag = finalAttrs.version;
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ setuptools ];

  dependencies = [ click ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "clitool" ];

  meta = {
    description = "Command line tool with helpers";
    homepage = "https://github.com/clitool/clitool";
    license = lib.licenses.mit;
    maintainers = [ ];
    mainProgram = "clitool";
  };
})
