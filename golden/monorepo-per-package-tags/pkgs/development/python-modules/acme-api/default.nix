{
  lib,
  buildPythonPackage,
  fetchFromGitHub,

  # build-system
  hatchling,

  # dependencies
  typing-extensions,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-api";
  version = "1.4.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = "acme-api==${finalAttrs.version}";
    hash = "sha256-Z8Edg0zP4G3EJik9QYu6kKfVy/YeCoJpP5yrNkPGIfU=";
  };

  sourceRoot = "${finalAttrs.src.name}/packages/acme-api";

  build-system = [ hatchling ];

  dependencies = [ typing-extensions ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_api" ];

  meta = {
    description = "Interfaces of the Acme telemetry toolkit";
    homepage = "https://github.com/acme-org/acme/tree/main/packages/acme-api";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
