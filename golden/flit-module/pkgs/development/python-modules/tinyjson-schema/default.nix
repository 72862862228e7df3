{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  flit-core,

  # dependencies
  attrs,
}:

buildPythonPackage (finalAttrs: {
  pname = "tinyjson-schema";
  version = "0.3.2";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "aperson";
    repo = "tinyjson-schema";
    tag = "v${finalAttrs.version}";
    hash = "sha256-q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";
  };

  build-system = [ flit-core ];

  dependencies = [ attrs ];

  pythonImportsCheck = [ "tinyjson" ];

  # upstream has no test suite
  doCheck = false;

  meta = {
    description = "Validate JSON documents against tiny schemas";
    homepage = "https://github.com/aperson/tinyjson-schema";
    license = lib.licenses.isc;
    maintainers = [ ];
  };
})
