{
  buildPythonPackage,

  # build-system
  hatchling,

  # dependencies
  acme-core,
  starlette,

  # tests
  pytestCheckHook,
}:

buildPythonPackage (finalAttrs: {
  pname = "acme-web";
  inherit (acme-core) version src;
  pyproject = true;

  sourceRoot = "${finalAttrs.src.name}/web";

  build-system = [ hatchling ];

  dependencies = [
    acme-core
    starlette
  ]
  ++ acme-core.optional-dependencies.fast;

  nativeCheckInputs = [ pytestCheckHook ];

  pythonImportsCheck = [ "acme_web" ];

  meta = acme-core.meta // {
    description = "Web front end for the Acme workflow engine";
    homepage = "https://github.com/acme-org/acme/tree/main/web";
  };
})
