# fetchurl: the arguments back as an attribute set named after the URL's last component.
{ lib }:

{
  url,
  hash ? null,
  name ? baseNameOf url,
  ...
}@args:

let
  outHash = builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON args));
in
args
// {
  inherit name;
  fetcher = "fetchurl";
  outPath = "/nix/store/${outHash}-${name}";
}
