{
  lib,
  buildPythonPackage,
  fetchPypi,
  pythonOlder,

  # build-system
  setuptools,
  setuptools-rust,

  # nativeBuildInputs
  cargo,
  rustc,
  rustPlatform,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "fastcrc";
  version = "1.2.0";
  pyproject = true;

  disabled = pythonOlder "3.10";

  src = fetchPypi {
    inherit (finalAttrs) pname version;
    hash = "sha256-/mBKYO8MMniL+XevJY56IVQ2vGUtgNYI3NRgskeRMmk=";
  };

  cargoRoot = "rust";

  cargoDeps = rustPlatform.fetchCargoVendor {
    inherit (finalAttrs)
      pname
      version
      src
      cargoRoot
      ;
    hash = "sha256-yFJKEsSsmZ3OkPiWDmBu+Dq7GxcsGmmOspZOXQ3MJpA=";
  };

  build-system = [
    setuptools
    setuptools-rust
  ];

  nativeBuildInputs = [
    cargo
    rustPlatform.cargoSetupHook
    rustc
  ];

  # buildInputs: system libraries the build links are not declared upstream (rust/Cargo.lock has openssl-sys)

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "fastcrc" ];

  meta = {
    description = "CRC checksums backed by a Rust extension";
    homepage = "https://pypi.org/project/fastcrc/";
    license = lib.licenses.bsd3;
    maintainers = with lib.maintainers; [ alice ];
  };
})
