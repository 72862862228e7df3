# Facts about evaluated packages as plain JSON-able data, for tests and `check --eval`.
#
# `spec` is a JSON string (so callers never write Nix):
#   { "pythons": ["3.12"], "systems": ["x86_64-linux"],
#     "packages": { "<attr>": "/abs/path/to/<attr>/default.nix" }, … }
# Every package is added to every interpreter's set through `pythonPackagesExtensions`, so siblings
# find each other through callPackage as they do in nixpkgs.  The other keys of the spec
# (`extraMaintainers`, `stubOptionalDependencies`) go to ./default.nix.
{ spec }:

let
  s = builtins.fromJSON spec;
  lib = import ./lib { };

  overlay = final: prev: {
    pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [
      (
        python-final: python-prev:
        lib.mapAttrs (attr: path: python-final.callPackage path { }) s.packages
      )
    ];
  };

  names = list: map (p: p.pname or p.name) list;

  license =
    l:
    if builtins.isList l then
      lib.concatMap license l
    else if builtins.isAttrs l then
      [ (l.spdxId or l.shortName) ]
    else
      [ l ];

  facts = pkg: {
    inherit (pkg) pname version disabled;
    build-system = names pkg.build-system;
    dependencies = names pkg.dependencies;
    optional-dependencies = lib.mapAttrs (_: names) pkg.optional-dependencies;
    pythonImportsCheck = pkg.pythonImportsCheck;
    src = lib.filterAttrs (
      name: value: !(builtins.elem name [ "outPath" ]) && !(builtins.isFunction value)
    ) (pkg.src or { });
    sourceRoot = pkg.sourceRoot or null;
    # compiled projects: tools, linked libraries, vendored crates and build settings
    nativeBuildInputs = names (pkg.nativeBuildInputs or [ ]);
    buildInputs = names (pkg.buildInputs or [ ]);
    cargoDeps =
      if pkg ? cargoDeps then
        {
          inherit (pkg.cargoDeps)
            name
            hash
            sourceRoot
            cargoRoot
            ;
          src = pkg.cargoDeps.src.name or null;
        }
      else
        null;
    cargoRoot = pkg.cargoRoot or null;
    dontUseCmakeConfigure = pkg.dontUseCmakeConfigure or false;
    # evaluating the derivation evaluates every input (tools, libraries, vendored crates); null when
    # it throws as nixpkgs does (disabled here, or a disabled dependency)
    drvPath =
      let
        result = builtins.tryEval pkg.drvPath;
      in
      if result.success then builtins.unsafeDiscardStringContext result.value else null;
    meta = {
      description = pkg.meta.description or null;
      homepage = pkg.meta.homepage or null;
      changelog = pkg.meta.changelog or null;
      license = license (pkg.meta.license or [ ]);
      mainProgram = pkg.meta.mainProgram or null;
      maintainers = map (m: m.github) (pkg.meta.maintainers or [ ]);
    };
    # names of the elements that are stand-in stubs, i.e. unknown to the stand-in and the family
    stubs = lib.unique (
      builtins.sort builtins.lessThan (
        map (p: p.pname) (
          builtins.filter (p: (p.standIn or null) == "stub") (
            pkg.build-system
            ++ pkg.dependencies
            ++ lib.concatLists (builtins.attrValues pkg.optional-dependencies)
          )
        )
      )
    );
  };

  cell =
    python: system:
    let
      pkgs = import ./. (
        {
          inherit system;
          overlays = [ overlay ];
          pythons = lib.unique ([ python ] ++ s.pythons);
          defaultPython = python;
        }
        // lib.filterAttrs (name: _: builtins.elem name [
          "extraMaintainers"
          "stubOptionalDependencies"
        ]) s
      );
      set = pkgs."python3${builtins.elemAt (builtins.splitVersion python) 1}".pkgs;
    in
    lib.mapAttrs (attr: _: facts set.${attr}) s.packages;
in
lib.listToAttrs (
  lib.concatMap (
    python: map (system: lib.nameValuePair "${python} ${system}" (cell python system)) s.systems
  ) s.pythons
)
