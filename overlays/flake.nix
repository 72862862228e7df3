{
  description = "nixpkgs-contrib: evaluate a golden family as an overlay of every Python set";

  # Both inputs are meant to be overridden (see README.md):
  #   --override-input family path:/abs/golden/<fixture>
  #   --override-input nixpkgs path:/abs/nixpkgs_contrib/data/stand-in-nixpkgs
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-24.11";
    family = {
      url = "path:./empty-family";
      flake = false;
    };
  };

  outputs =
    {
      self,
      nixpkgs,
      family,
    }:
    let
      inherit (nixpkgs) lib;

      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];

      modules = "${family}/pkgs/development/python-modules";

      # every <attr>/default.nix of the family, wired like python-packages.nix does
      attrs =
        if builtins.pathExists modules then
          builtins.attrNames (
            lib.filterAttrs (_: type: type == "directory") (builtins.readDir modules)
          )
        else
          [ ];

      overlay = final: prev: {
        pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [
          (
            python-final: python-prev:
            lib.genAttrs attrs (attr: python-final.callPackage "${modules}/${attr}" { })
          )
        ];
      };

      pkgsBySystem = lib.genAttrs systems (
        system:
        import nixpkgs {
          inherit system;
          overlays = [ overlay ];
        }
      );

      forAllSystems = f: builtins.mapAttrs (_: f) pkgsBySystem;

      isPython = name: builtins.match "python3[0-9]+" name != null;
      pythons = pkgs: builtins.filter isPython (builtins.attrNames pkgs);

      evaluates = package: (builtins.tryEval package.drvPath).success;
      throws = package: !evaluates package;

      familyPackages =
        pkgs:
        builtins.listToAttrs (
          lib.concatMap (
            python:
            map (attr: {
              name = "${python}-${attr}";
              value = pkgs.${python}.pkgs.${attr};
            }) attrs
          ) (pythons pkgs)
        );
    in
    {
      overlays.default = overlay;

      # every package for every interpreter it is not `disabled` for
      checks = forAllSystems (pkgs: lib.filterAttrs (_: evaluates) (familyPackages pkgs));

      lib = {
        inherit attrs;
        # dependency names per system and package, for tests that compare with the goldens
        dependencies = forAllSystems (
          pkgs:
          builtins.mapAttrs (_: package: map (d: d.pname or d.name) package.dependencies) (
            lib.filterAttrs (_: evaluates) (familyPackages pkgs)
          )
        );
        unavailablePackages = forAllSystems (
          pkgs: builtins.attrNames (lib.filterAttrs (_: throws) (familyPackages pkgs))
        );
      };
    };
}
