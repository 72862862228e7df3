{
  description = "Stand-in nixpkgs: evaluates python-modules expressions offline (nixpkgs-contrib)";

  outputs =
    { self }:
    let
      lib = import ./lib { };
    in
    {
      inherit lib;

      legacyPackages = lib.genAttrs lib.systems.flakeExposed (
        system: import ./. { inherit system; }
      );
    };
}
