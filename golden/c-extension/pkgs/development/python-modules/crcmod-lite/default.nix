{
  lib,
  buildPythonPackage,
  fetchPypi,

  # build-system
  setuptools,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "crcmod-lite";
  version = "0.8.2";
  pyproject = true;

  src = fetchPypi {
    pname = "crcmod_lite";
    inherit (finalAttrs) version;
    hash = "sha256-VRv4pjqTh4GJOdgeyTsXeElPbxCA3TQiBj63m24VOPY=";
  };

  build-system = [ setuptools ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "crcmod_lite" ];

  meta = {
    description = "CRC generators with an optional C speedup";
    homepage = "https://github.com/acme/crcmod-lite";
    license = lib.licenses.mit;
    maintainers = with lib.maintainers; [ alice ];
  };
})
