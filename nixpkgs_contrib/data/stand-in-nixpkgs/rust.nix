# The part of nixpkgs' `rustPlatform` that python-modules expressions use: `fetchCargoVendor` and
# the build hooks.  Like the real fetcher, `fetchCargoVendor` requires a `hash` and takes `src`,
# `sourceRoot` and `cargoRoot` as the vendoring derivation's own attributes; it returns a stand-in
# derivation named "<pname>-<version>-vendor" that keeps its arguments for tests.
{
  lib,
  standInDerivation,
}:

let
  hook = name: standInDerivation { inherit name; } // { pname = name; };
in
{
  fetchCargoVendor =
    {
      name ? if args ? pname && args ? version then "${args.pname}-${args.version}" else "cargo-deps",
      hash ? (throw "fetchCargoVendor requires a `hash` value to be set for ${name}"),
      src ? (throw "fetchCargoVendor needs `src` (${name})"),
      ...
    }@args:
    assert lib.assertMsg (!(args ? sha256)) "fetchCargoVendor: use an SRI `hash`, not `sha256`";
    assert lib.assertMsg (builtins.isString hash) "fetchCargoVendor: `hash` must be a string (${name})";
    standInDerivation {
      name = "${name}-vendor";
      inputs = [ src ];
    }
    // {
      inherit hash src;
      fetcher = "fetchCargoVendor";
      sourceRoot = args.sourceRoot or null;
      cargoRoot = args.cargoRoot or null;
    };

  cargoSetupHook = hook "cargo-setup-hook.sh";
  maturinBuildHook = hook "maturin-build-hook.sh";
  # nixpkgs' bindgenHook, for -sys crates that generate bindings with libclang
  bindgenHook = hook "bindgen-hook.sh";
}
