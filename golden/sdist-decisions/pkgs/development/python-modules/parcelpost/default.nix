{
  lib,
  buildPythonPackage,
  fetchPypi,
  pythonOlder,

  # build-system
  setuptools-scm,

  # dependencies
  anyio,
  exceptiongroup,
  rich,

  # optional-dependencies
  fqdn,
  idna,
  rfc3339-validator,

  # tests
  dirty-equals,
  pytest-cov-stub,
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "parcelpost";
  version = "3.2.0";
  pyproject = true;

  disabled = pythonOlder "3.10";

  src = fetchPypi {
    inherit (finalAttrs) pname version;
    hash = "sha256-wM1Yrqbn3fhslhLi0S4iQLLJ+AudM8Gdq+lDdWED1b4=";
  };

  build-system = [ setuptools-scm ];

  dependencies = [
    anyio
    rich
  ]
  ++ lib.optionals (pythonOlder "3.11") [ exceptiongroup ];

  optional-dependencies = {
    address_check = [
      fqdn
      idna
    ];
    format = [ rfc3339-validator ];
  };

  nativeCheckInputs = [
    pytestCheckHook
    dirty-equals
    pytest-cov-stub
  ]
  ++ anyio.optional-dependencies.trio;

  pythonImportsCheck = [ "parcelpost" ];

  meta = {
    description = "Courier for parcels between services";
    homepage = "https://github.com/parcel-org/parcelpost";
    changelog = "https://github.com/parcel-org/parcelpost/blob/main/CHANGES.md";
    license = lib.licenses.asl20;
    maintainers = with lib.maintainers; [ dave ];
    mainProgram = "parcelpost";
  };
})
