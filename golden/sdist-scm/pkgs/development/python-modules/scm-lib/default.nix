{
  lib,
  buildPythonPackage,
  fetchPypi,
  pythonOlder,

  # build-system
  setuptools-scm,

  # dependencies
  importlib-resources,
  platformdirs,
}:

buildPythonPackage (finalAttrs: {
  pname = "scm-lib";
  version = "7.1.2";
  pyproject = true;

  src = fetchPypi {
    pname = "scm_lib";
    inherit (finalAttrs) version;
    hash = "sha256-tQs+sz0smY/eyRllVO4waNADF+lKIUeWkc2zGr8mGwo=";
  };

  build-system = [ setuptools-scm ];

  dependencies = [ platformdirs ] ++ lib.optionals (pythonOlder "3.10") [ importlib-resources ];

  pythonImportsCheck = [ "scmlib" ];

  # the sdist ships no tests
  doCheck = false;

  meta = {
    description = "Library versioned by git tags";
    homepage = "https://pypi.org/project/scm-lib/";
    license = lib.licenses.mit;
    maintainers = with lib.maintainers; [ dave ];
  };
})
