{
  lib,
  stdenv,
  buildPythonPackage,

  # build-system
  hatchling,

  # dependencies
  acme,
  acme-aws,
  kubernetes,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-k8s";
  version = "0.28.0";
  pyproject = true;

  inherit (acme) src;

  sourceRoot = "${finalAttrs.src.name}/python_modules/libraries/acme-k8s";

  build-system = [ hatchling ];

  dependencies = [
    acme
    acme-aws
  ]
  ++ lib.optionals stdenv.hostPlatform.isLinux [ kubernetes ];

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_k8s" ];

  meta = {
    description = "Kubernetes integration for Acme";
    homepage = "https://github.com/acme-org/acme/tree/main/python_modules/libraries/acme-k8s";
    license = lib.licenses.mit;
    maintainers = [ ];
  };
})
