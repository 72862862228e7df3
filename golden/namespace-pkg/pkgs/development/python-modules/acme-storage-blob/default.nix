{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  setuptools,

  # dependencies
  acme-core,
  cryptography,
  typing-extensions,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-storage-blob";
  version = "12.20.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme-sdk-for-python";
    tag = "acme-storage-blob_${finalAttrs.version}";
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ setuptools ];

  dependencies = [
    acme-core
    cryptography
    typing-extensions
  ];

  pythonImportsCheck = [ "acme.storage.blob" ];

  # tests need the internal devtools_testutils package
  doCheck = false;

  meta = {
    description = "Acme Storage Blob client library for Python";
    homepage = "https://github.com/acme-org/acme-sdk-for-python/tree/main/sdk/storage/acme-storage-blob";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
