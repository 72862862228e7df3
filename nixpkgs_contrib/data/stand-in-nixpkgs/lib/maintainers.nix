# nixpkgs' maintainers/maintainer-list.nix has thousands of handles; the stand-in knows a few and
# takes the rest from `extraMaintainers` (see README.md): Nix attribute sets are strict in their
# keys, so "any name is a maintainer" cannot be written lazily.
{
  extraMaintainers ? [ ],
}:

let
  known = [
    "dotlambda"
    "fabaff"
    "hexa"
    "mweinelt"
    "natsukium"
    "someone"
  ];
  entry = handle: {
    github = handle;
    githubId = 0;
    name = handle;
  };
in
builtins.listToAttrs (
  map (handle: {
    name = handle;
    value = entry handle;
  }) (known ++ extraMaintainers)
)
