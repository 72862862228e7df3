{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatch-vcs,
  hatchling,
}:

buildPythonPackage (finalAttrs: {
  pname = "dual";
  version = "1.0.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "dual-org";
    repo = "dual";
    tag = "dual-v${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [
    hatch-vcs
    hatchling
  ];

  pythonImportsCheck = [ "dual" ];

  # the source ships no tests
  doCheck = false;

  meta = {
    description = "Library with a dual license and an exception";
    homepage = "https://github.com/dual-org/dual";
    license = with lib.licenses; [
      mit
      asl20
      llvm-exception
    ];
    maintainers = [ ];
  };
})
