{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # nativeBuildInputs
  rustPlatform,

  # dependencies
  typing-extensions,

  # tests
  hypothesis,
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "quickhash";
  version = "0.3.1";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-rs";
    repo = "quickhash";
    tag = "v${finalAttrs.version}";
    hash = "sha256-vE1ryeb/nMyfKMbWGWYYIT+3GEpTC1c/9zRhxR1Xd0A=";
  };

  cargoDeps = rustPlatform.fetchCargoVendor {
    inherit (finalAttrs) pname version src;
    hash = lib.fakeHash;
  };

  nativeBuildInputs = [
    rustPlatform.cargoSetupHook
    rustPlatform.maturinBuildHook
  ];

  dependencies = lib.optionals (pythonOlder "3.12") [ typing-extensions ];

  nativeCheckInputs = [
    pytestCheckHook
    hypothesis
  ];

  pythonImportsCheck = [ "quickhash" ];

  meta = {
    description = "Fast non-cryptographic hashes for Python, written in Rust";
    homepage = "https://github.com/acme-rs/quickhash";
    license = with lib.licenses; [
      mit
      asl20
    ];
    maintainers = with lib.maintainers; [ alice ];
  };
})
