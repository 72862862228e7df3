# fetchFromGitHub: the arguments back as an attribute set, named "source" like the real fetcher,
# with `tag`/`rev` kept so `finalAttrs.src.tag` works.
{ lib }:

{
  owner,
  repo,
  tag ? null,
  rev ? null,
  hash ? null,
  name ? "source",
  ...
}@args:

assert lib.assertMsg (
  (tag == null) != (rev == null)
) "fetchFromGitHub: exactly one of `tag` or `rev` must be given (${owner}/${repo})";
assert lib.assertMsg (!(args ? sha256)) "fetchFromGitHub: use an SRI `hash`, not `sha256`";

let
  outHash = builtins.substring 0 32 (builtins.hashString "sha256" (builtins.toJSON args));
in
args
// {
  inherit name tag;
  rev = if rev != null then rev else "refs/tags/${tag}";
  fetcher = "fetchFromGitHub";
  gitRepoUrl = "https://github.com/${owner}/${repo}.git";
  outPath = "/nix/store/${outHash}-${name}";
}
