{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  hatchling,

  # dependencies
  pydantic,
  tomli,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme";
  version = "1.12.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "acme-org";
    repo = "acme";
    tag = finalAttrs.version;
    hash = "sha256-giszrYfBSKCiClunzV68qmjTahjnqtFlVUkD9SyoJ1c=";
  };

  sourceRoot = "${finalAttrs.src.name}/python_modules/acme";

  build-system = [ hatchling ];

  dependencies = [ pydantic ] ++ lib.optionals (pythonOlder "3.12") [ tomli ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme" ];

  meta = {
    description = "Orchestration core of the Acme platform";
    homepage = "https://github.com/acme-org/acme/tree/main/python_modules/acme";
    license = lib.licenses.mit;
    maintainers = [ ];
    mainProgram = "acme";
  };
})
