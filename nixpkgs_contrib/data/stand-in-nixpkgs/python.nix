# CPython interpreters and their package sets, built the way nixpkgs builds them: a fixed point over
# a base set, extended by every `pythonPackagesExtensions` entry, with `callPackage` resolving
# arguments from the set, then from the top level.
{
  lib,
  standInDerivation,
  stubOptionalDependencies,
}:

let
  # Arguments buildPythonPackage moves into passthru (nixpkgs manual: with `finalAttrs`, these are
  # read as `finalAttrs.passthru.*`).
  pythonOnly = [
    "disabled"
    "pyproject"
    "format"
    "build-system"
    "dependencies"
    "optional-dependencies"
  ];

  # Build-system backends and hooks nixpkgs has under these names; anything else a package asks
  # for becomes a stub (see README.md).
  known = {
    cffi = "1.17.1";
    # python3Packages.cmake / .ninja: the PyPI distributions' metadata around the real tools
    cmake = "3.31.7";
    cython = "3.1.2";
    flit-core = "3.12.0";
    flit-scm = "1.7.0";
    hatch-fancy-pypi-readme = "25.1.0";
    hatch-vcs = "0.5.0";
    hatchling = "1.27.0";
    maturin = "1.9.1";
    meson-python = "0.18.0";
    ninja = "1.13.1";
    pdm-backend = "2.4.5";
    poetry-core = "2.1.3";
    pybind11 = "3.0.0";
    pytest = "8.4.1";
    scikit-build = "0.18.1";
    scikit-build-core = "0.11.5";
    setuptools = "80.9.0";
    setuptools-rust = "1.11.1";
    setuptools-scm = "8.3.1";
    uv-build = "0.8.3";
    versioneer = "0.29";
    wheel = "0.46.1";
  };

  # The extras those packages define in nixpkgs (pkgs/development/python-modules/<name>); any other
  # `<name>.optional-dependencies.<extra>` fails as it does there (setuptools-scm has no `toml`).
  knownExtras = {
    setuptools-scm = [ "rich" ];
  };

  hooks = [
    "pytestCheckHook"
    "pythonRelaxDepsHook"
    "writableTmpDirAsHomeHook"
    "pytest-cov-stub"
    "nix-update-script"
    "gitUpdater"
  ];

  interpreter =
    pkgs: version:
    let
      python = standInDerivation { name = "python3-${version}.0"; } // {
        pname = "python3";
        version = "${version}.0";
        pythonVersion = version;
        executable = "python${version}";
        sitePackages = "lib/python${version}/site-packages";
        isPy3k = true;
        pkgs = packageSet;
        withPackages = f: withPackages (f packageSet);
        meta.mainProgram = "python3";
      };

      withPackages =
        selected:
        let
          closure = map (item: item.package) (
            builtins.genericClosure {
              startSet = map entry selected;
              operator = item: map entry (item.package.dependencies or [ ]);
            }
          );
          entry = package: {
            key = package.pname;
            inherit package;
          };
          programs = lib.unique (
            builtins.sort builtins.lessThan (
              lib.concatMap (p: lib.optional (p.meta ? mainProgram) p.meta.mainProgram) closure
            )
          );
        in
        standInDerivation {
          name = "python3-${version}.0-env";
          inputs = closure;
        }
        // {
          packages = closure;
          bin = programs;
          inherit python;
        };

      pythonOlder = lib.versionOlder version;
      pythonAtLeast = lib.versionAtLeast version;

      buildPythonPackage = buildWith packageSet;

      stub =
        name:
        buildPythonPackage {
          pname = name;
          version = "0-stand-in";
          optional-dependencies = lib.genAttrs (stubOptionalDependencies.${name} or [ ]) (extra: [
            (stub "${name}[${extra}]")
          ]);
          passthru.standIn = "stub";
        };

      base =
        self:
        {
          inherit
            python
            pythonOlder
            pythonAtLeast
            buildPythonPackage
            ;
          buildPythonApplication = buildPythonPackage;
          pythonVersion = version;
          isPy3k = true;
          toPythonApplication = lib.id;
          callPackage = lib.callPackageWithFallback (pkgs // self) stub;
        }
        // lib.mapAttrs (
          name: v:
          buildPythonPackage {
            pname = name;
            version = v;
            optional-dependencies = lib.genAttrs (knownExtras.${name} or [ ]) (extra: [ (stub extra) ]);
            passthru.standIn = "base";
          }
        ) known
        // lib.genAttrs hooks (name: stub name);

      packageSet = lib.fix (
        lib.extends (lib.composeManyExtensions pkgs.pythonPackagesExtensions) base
      );

      buildWith =
        set: fnOrAttrs:
        let
          toFn = x: if lib.isFunction x then x else (_: x);
          # nixpkgs: the user's attributes, python-specific ones moved into passthru.
          finalize =
            attrs:
            removeAttrs attrs pythonOnly
            // {
              passthru =
                (attrs.passthru or { })
                // builtins.intersectAttrs (lib.genAttrs pythonOnly (_: null)) attrs;
            };
          make =
            f:
            let
              finalAttrs = lib.fix (self: finalize (f self));
              inherit (finalAttrs) passthru;
              pname = finalAttrs.pname;
              # stubs for extras are named "<attr>[<extra>]", which is no store path name
              name = "python${version}-${
                builtins.replaceStrings [ "[" "]" ] [ "-" "" ] pname
              }-${finalAttrs.version}";
              disabled = passthru.disabled or false;
              dependencies = passthru.dependencies or [ ];
              build-system = passthru.build-system or [ ];
              # like nixpkgs, the build sees the native tools, the linked libraries and the
              # vendored crates: evaluating the derivation evaluates them
              nativeBuildInputs = finalAttrs.nativeBuildInputs or [ ];
              buildInputs = finalAttrs.buildInputs or [ ];
              drv =
                if disabled then
                  throw "${name} not supported for interpreter ${python.executable}"
                else
                  standInDerivation {
                    inherit name;
                    inputs =
                      build-system
                      ++ dependencies
                      ++ nativeBuildInputs
                      ++ buildInputs
                      ++ lib.optional (finalAttrs ? cargoDeps) finalAttrs.cargoDeps;
                  };
            in
            removeAttrs finalAttrs [ "passthru" ]
            // passthru
            // {
              inherit
                name
                disabled
                dependencies
                build-system
                ;
              optional-dependencies = passthru.optional-dependencies or { };
              pythonImportsCheck = finalAttrs.pythonImportsCheck or [ ];
              meta = finalAttrs.meta or { };
              inherit passthru python;
              type = "derivation";
              system = drv.system;
              drvPath = drv.drvPath;
              outPath = drv.outPath;
              outputName = "out";
              outputs = [ "out" ];
              overridePythonAttrs =
                g: make (lib.extends (_: prev: if lib.isFunction g then g prev else g) f);
            };
        in
        make (toFn fnOrAttrs);
    in
    python;
in
{
  inherit interpreter;
}
