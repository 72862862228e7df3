{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatchling,

  # dependencies
  acme-api,
  protobuf,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-sdk";
  version = "0.9.2";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "acme-sdk==${finalAttrs.version}";
    hash = "sha256-CrefCaTVSqiyaIlg+HKUv99QzvJUzJzDPpPALbWXJ7M=";
  };

  sourceRoot = "${finalAttrs.src.name}/packages/acme-sdk";

  build-system = [ hatchling ];

  dependencies = [
    acme-api
    protobuf
  ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_sdk" ];

  meta = {
    description = "Reference implementation of the Acme telemetry interfaces";
    homepage = "https://github.com/acme-org/acme/tree/main/packages/acme-sdk";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
