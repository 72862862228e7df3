{
  lib,
  stdenv,
  buildPythonPackage,
  fetchPypi,
  pythonOlder,

  # build-system
  setuptools,

  # dependencies
  appnope,
  gizmo,
  tomli,

  # optional-dependencies
  turbo,
}:

buildPythonPackage (finalAttrs: {
  pname = "gadget-kit";
  version = "3.1.0";
  pyproject = true;

  disabled = pythonOlder "3.10";

  src = fetchPypi {
    pname = "gadget_kit";
    inherit (finalAttrs) version;
    hash = "sha256-c/PRXbkOqG/ni82kUGgEHQ9Dg1OtKcvt8LFGL61yfTw=";
  };

  build-system = [ setuptools ];

  dependencies = [
    gizmo
  ]
  ++ lib.optionals stdenv.hostPlatform.isDarwin [ appnope ]
  ++ lib.optionals (pythonOlder "3.11") [ tomli ];

  optional-dependencies = {
    fast = [ turbo ];
  };

  pythonImportsCheck = [ "gadget_kit" ];

  # the sdist ships no tests
  doCheck = false;

  meta = {
    description = "Parts and tools for building gadgets";
    homepage = "https://github.com/gadget-org/gadget-kit";
    license = lib.licenses.bsd2;
    maintainers = with lib.maintainers; [ dave ];
    mainProgram = "gadget";
  };
})
