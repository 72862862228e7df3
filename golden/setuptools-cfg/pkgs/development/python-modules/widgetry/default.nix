{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonOlder,

  # build-system
  setuptools,

  # dependencies
  click,
  importlib-metadata,
  rich,

  # optional-dependencies
  pyyaml,
  tomli-w,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "widgetry";
  version = "0.9.3";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "widgetry";
    repo = "widgetry";
    tag = finalAttrs.version;
    hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  };

  build-system = [ setuptools ];

  dependencies = [
    click
    rich
  ]
  ++ lib.optionals (pythonOlder "3.10") [ importlib-metadata ];

  optional-dependencies = {
    all = [
      pyyaml
      tomli-w
    ];
    yaml = [ pyyaml ];
  };

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "widgetry" ];

  meta = {
    description = "Widgets for terminal dashboards";
    homepage = "https://widgetry.example.org";
    changelog = "https://github.com/widgetry/widgetry/releases/tag/${finalAttrs.src.tag}";
    license = lib.licenses.bsd3;
    maintainers = [ ];
    mainProgram = "widgetry";
  };
})
