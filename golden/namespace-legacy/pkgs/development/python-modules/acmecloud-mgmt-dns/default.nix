{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  setuptools,

  # dependencies
  acmecloud-core,

  # optional-dependencies
  aiohttp,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acmecloud-mgmt-dns";
  version = "3.1.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acmecloud-sdk";
    tag = "acmecloud-mgmt-dns_${finalAttrs.version}";
    hash = "sha256-8nQxlBOKcsv2m2FNhOrH4oRwAm5Y8bClg1xAl1VTnOg=";
  };

  build-system = [ setuptools ];

  dependencies = [ acmecloud-core ];

  optional-dependencies = {
    aio = [ aiohttp ];
  };

  nativeCheckInputs = [ pytestCheckHook ];

  pythonNamespaces = [ "acmecloud.mgmt" ];

  pythonImportsCheck = [ "acmecloud.mgmt.dns" ];

  meta = {
    description = "Acme Cloud DNS management client";
    homepage = "https://github.com/acme-org/acmecloud-sdk";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
