{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  cython,
  meson-python,
  numpy,

  # nativeBuildInputs
  pkg-config,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "gridstat";
  version = "2.0.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-sci";
    repo = "gridstat";
    tag = "v${finalAttrs.version}";
    hash = "sha256-uNlAk+n3DHQ9fmLa1vyi9ZGyDv00oBwSHucntlblT4I=";
  };

  build-system = [
    cython
    meson-python
    numpy
  ];

  nativeBuildInputs = [ pkg-config ];

  # buildInputs: system libraries the build links are not declared upstream (meson.build asks for zlib)

  dependencies = [ numpy ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "gridstat" ];

  meta = {
    description = "Streaming statistics over gridded data";
    homepage = "https://gridstat.acme-sci.org";
    license = lib.licenses.bsd3;
    maintainers = with lib.maintainers; [ alice ];
  };
})
