# fetchPypi: the arguments back as an attribute set named like the sdist it would download.
{ lib }:

{
  pname,
  version,
  hash ? null,
  format ? "setuptools",
  extension ? if format == "wheel" then "whl" else "tar.gz",
  ...
}@args:

assert lib.assertMsg (!(args ? sha256)) "fetchPypi: use an SRI `hash`, not `sha256`";

let
  name = "${pname}-${version}.${extension}";
  outHash = builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON args));
in
args
// {
  inherit name;
  fetcher = "fetchPypi";
  url = "https://files.pythonhosted.org/packages/source/${builtins.substring 0 1 pname}/${pname}/${name}";
  outPath = "/nix/store/${outHash}-${name}";
}
