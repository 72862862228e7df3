{
  lib,
  buildPythonPackage,
  fetchFromGitHub,
  pythonAtLeast,

  # build-system
  poetry-core,

  # dependencies
  markdown-it-py,
  platformdirs,
  textual,

  # optional-dependencies
  pygments,

  # tests
  pytest-asyncio,
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "quill-notes";
  version = "3.1.0";
  pyproject = true;

  src = fetchFromGitHub {
    owner = "quill";
    repo = "quill-notes";
    tag = "release-${finalAttrs.version}";
    hash = "sha256-xeRmXHM0HFm3DpCyYwpsbnELOnaD4lVRjCvQPLXeyN8=";
  };

  build-system = [ poetry-core ];

  dependencies = [
    markdown-it-py
    platformdirs
  ]
  ++ lib.optionals (pythonAtLeast "3.10") [ textual ]
  ++ markdown-it-py.optional-dependencies.linkify;

  optional-dependencies = {
    highlight = [ pygments ];
  };

  nativeCheckInputs = [
    pytestCheckHook
    pytest-asyncio
  ];

  pythonImportsCheck = [ "quill" ];

  meta = {
    description = "Note taking tool for the terminal";
    homepage = "https://quill.example.org";
    license = lib.licenses.gpl3Plus;
    maintainers = with lib.maintainers; [
      bob
      carol
    ];
    mainProgram = "quill";
  };
})
