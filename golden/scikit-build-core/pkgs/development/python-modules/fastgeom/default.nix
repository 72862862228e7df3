{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  cmake,
  ninja,
  pybind11,
  scikit-build-core,

  # dependencies
  numpy,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "fastgeom";
  version = "0.9.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-geo";
    repo = "fastgeom";
    tag = finalAttrs.version;
    hash = "sha256-Q/ziViVoJ8fVX7HU+74T6nSCAOUaNLv0u/8Rq8GSqOs=";
  };

  build-system = [
    cmake
    ninja
    pybind11
    scikit-build-core
  ];

  dontUseCmakeConfigure = true;

  # buildInputs: system libraries the build links are not declared upstream (CMakeLists.txt looks for Eigen3)

  dependencies = [ numpy ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "fastgeom" ];

  meta = {
    description = "Computational geometry kernels with a C++ core";
    homepage = "https://github.com/acme-geo/fastgeom";
    license = lib.licenses.asl20;
    maintainers = with lib.maintainers; [ alice ];
  };
})
