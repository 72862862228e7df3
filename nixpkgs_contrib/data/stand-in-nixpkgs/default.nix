# A stand-in for `import <nixpkgs> { inherit system overlays; }`: just enough of nixpkgs' interface
# to evaluate python-modules expressions, overlays and the flakes nixpkgs-contrib generates,
# without a nixpkgs checkout or network.  It evaluates; it does not build (see README.md).
let
  # Written by nixpkgs_contrib.flake_eval into a copy of this folder; absent in the pristine tree.
  localConfig =
    if builtins.pathExists ./local-config.json then
      builtins.fromJSON (builtins.readFile ./local-config.json)
    else
      { };
in
{
  system ? "x86_64-linux",
  overlays ? [ ],
  config ? { },
  # CPython minor versions to provide as python3XX.
  pythons ? localConfig.pythons or [
    "3.11"
    "3.12"
    "3.13"
    "3.14"
    "3.15"
  ],
  # What python3 points to.
  defaultPython ? localConfig.defaultPython or "3.13",
  # Maintainer handles beyond lib/maintainers.nix.
  extraMaintainers ? localConfig.extraMaintainers or [ ],
  # { <attr> = [ <extra> … ]; }: extras that stub packages (unknown attributes) declare.
  stubOptionalDependencies ? localConfig.stubOptionalDependencies or { },
}:

let
  lib = import ./lib { inherit extraMaintainers; };

  # A derivation that evaluates (drvPath, outPath, string context of its inputs) but fails to
  # build: `nix flake check --no-build` sees real derivations, `nix build` is honest about it.
  standInDerivation =
    {
      name,
      inputs ? [ ],
    }:
    derivation {
      inherit name system;
      builder = "/bin/sh";
      args = [
        "-c"
        "echo 'the stand-in nixpkgs cannot build ${name}' >&2; exit 1"
      ];
      inputs = map (drv: drv.outPath) inputs;
    };

  # A build tool: a derivation with pname/version, as `nativeBuildInputs` entries are.
  tool =
    pname: version:
    standInDerivation { name = "${pname}-${version}"; }
    // {
      inherit pname version;
      meta.mainProgram = pname;
    };

  python = import ./python.nix { inherit lib standInDerivation stubOptionalDependencies; };

  pythonAttr = version: "python3" + builtins.elemAt (builtins.splitVersion version) 1;

  base = final: {
    inherit lib config system;
    pkgs = final;

    stdenv = {
      inherit system;
      hostPlatform = lib.systems.elaborate system;
      buildPlatform = lib.systems.elaborate system;
      targetPlatform = lib.systems.elaborate system;
      mkDerivation =
        args: standInDerivation { name = args.name or "${args.pname}-${args.version}"; };
    };

    callPackage = lib.callPackageWithFallback final (
      name: throw "stand-in nixpkgs: top-level attribute '${name}' is missing"
    );

    extend = overlay: mkPkgs (overlays ++ [ overlay ]);
    appendOverlays = more: mkPkgs (overlays ++ more);

    fetchFromGitHub = import ./fetchers/github.nix { inherit lib; };
    fetchPypi = import ./fetchers/pypi.nix { inherit lib; };
    fetchurl = import ./fetchers/url.nix { inherit lib; };

    runCommand =
      name: env: script:
      standInDerivation {
        inherit name;
        inputs = (env.nativeBuildInputs or [ ]) ++ (env.buildInputs or [ ]);
      }
      // {
        inherit script;
      };

    # Rust and the native build tools compiled python-modules ask for (see rust.nix).
    rustPlatform = import ./rust.nix { inherit lib standInDerivation; };
    cargo = tool "cargo" "1.89.0";
    rustc = tool "rustc" "1.89.0";
    pkg-config = tool "pkg-config" "0.29.2";
    meson = tool "meson" "1.8.3";
    ninja = tool "ninja" "1.13.1";
    cmake = tool "cmake" "3.31.7";
    gfortran = tool "gfortran" "14.3.0";

    nixfmt = standInDerivation { name = "nixfmt-1.3.0"; } // {
      meta.mainProgram = "nixfmt";
    };
    nixfmt-rfc-style = final.nixfmt;

    # nixpkgs: a list of `python-final: python-prev: { … }` applied to every Python package set.
    pythonPackagesExtensions = [ ];

    python3 = final.${pythonAttr defaultPython};
    python3Packages = final.python3.pkgs;
  }
  // lib.listToAttrs (
    lib.concatMap (version: [
      (lib.nameValuePair (pythonAttr version) (python.interpreter final version))
      (lib.nameValuePair "${pythonAttr version}Packages" final.${pythonAttr version}.pkgs)
    ]) pythons
  );

  mkPkgs = overlays: lib.fix (builtins.foldl' (f: overlay: lib.extends overlay f) base overlays);
in
mkPkgs overlays
