# The part of nixpkgs' `lib` that python-modules expressions, overlays and the generated flakes use.
# Every function behaves like its nixpkgs namesake for the inputs those files pass; anything absent
# here is absent on purpose, so an expression that needs more fails loudly instead of silently.
{
  extraMaintainers ? [ ],
}:

let
  inherit (builtins)
    attrNames
    concatLists
    concatStringsSep
    elem
    filter
    foldl'
    genList
    isFunction
    isList
    length
    listToAttrs
    mapAttrs
    ;

  lib = rec {
    inherit
      attrNames
      concatLists
      concatStringsSep
      elem
      filter
      foldl'
      isFunction
      isList
      length
      listToAttrs
      mapAttrs
      ;
    inherit (builtins)
      attrValues
      head
      tail
      elemAt
      hasAttr
      getAttr
      isAttrs
      isString
      isBool
      replaceStrings
      substring
      stringLength
      toJSON
      fromJSON
      removeAttrs
      intersectAttrs
      functionArgs
      genericClosure
      seq
      deepSeq
      ;

    id = x: x;
    # the placeholder hash nixpkgs writes before the first build reports the real one
    fakeHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    fakeSha256 = "0000000000000000000000000000000000000000000000000000";
    assertMsg = pred: msg: pred || builtins.throw msg;
    const = x: _: x;
    flip =
      f: a: b:
      f b a;

    # lists
    optionals = cond: list: if cond then list else [ ];
    optional = cond: elem: if cond then [ elem ] else [ ];
    concatMap = f: list: concatLists (map f list);
    toList = x: if isList x then x else [ x ];
    unique = foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ];
    subtractLists = e: filter (x: !(elem x e));
    last = list: builtins.elemAt list (length list - 1);
    range = first: last: if first > last then [ ] else genList (n: first + n) (last - first + 1);
    sort = builtins.sort;

    # attribute sets
    optionalAttrs = cond: as: if cond then as else { };
    genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
    nameValuePair = name: value: { inherit name value; };
    filterAttrs =
      pred: set:
      listToAttrs (
        concatMap (name: optional (pred name set.${name}) (nameValuePair name set.${name})) (
          attrNames set
        )
      );
    mapAttrs' = f: set: listToAttrs (map (name: f name set.${name}) (attrNames set));
    mapAttrsToList = f: set: map (name: f name set.${name}) (attrNames set);
    attrByPath =
      path: default: set:
      if path == [ ] then
        set
      else if set ? ${builtins.head path} then
        attrByPath (builtins.tail path) default set.${builtins.head path}
      else
        default;
    recursiveUpdate =
      lhs: rhs:
      lhs
      // mapAttrs (
        name: value:
        if builtins.isAttrs value && lhs ? ${name} && builtins.isAttrs lhs.${name} then
          recursiveUpdate lhs.${name} value
        else
          value
      ) rhs;

    # strings
    concatMapStrings = f: list: concatStringsSep "" (map f list);
    concatMapStringsSep =
      sep: f: list:
      concatStringsSep sep (map f list);
    hasPrefix = pref: str: builtins.substring 0 (builtins.stringLength pref) str == pref;
    removePrefix =
      pref: str:
      if hasPrefix pref str then
        builtins.substring (builtins.stringLength pref) (builtins.stringLength str) str
      else
        str;
    escapeShellArg = arg: "'${builtins.replaceStrings [ "'" ] [ "'\\''" ] (toString arg)}'";
    makeBinPath = paths: concatStringsSep ":" (map (p: "${p}/bin") paths);
    getName = x: x.pname or (builtins.parseDrvName x.name).name;
    getExe = x: "${x}/bin/${x.meta.mainProgram or (getName x)}";

    # versions
    versionOlder = v1: v2: builtins.compareVersions v2 v1 == 1;
    versionAtLeast = v1: v2: !versionOlder v1 v2;
    versions = {
      majorMinor =
        v:
        let
          parts = builtins.splitVersion v;
        in
        "${builtins.elemAt parts 0}.${builtins.elemAt parts 1}";
    };

    # fixed points and overlays
    fix =
      f:
      let
        x = f x;
      in
      x;
    extends =
      overlay: f: final:
      let
        prev = f final;
      in
      prev // overlay final prev;
    composeExtensions =
      f: g: final: prev:
      let
        fApplied = f final prev;
        prev' = prev // fApplied;
      in
      fApplied // g final prev';
    composeManyExtensions = foldl' composeExtensions (final: prev: { });

    # Like nixpkgs' makeScope: a fixed point that knows how to callPackage from itself.
    makeScope =
      newScope: f:
      let
        self = f self // {
          newScope = scope: newScope (self // scope);
          callPackage = self.newScope { };
        };
      in
      self;

    # callPackage that resolves every formal argument from `scope`, then `fallback name` for the
    # arguments without a default: see README.md ("unknown attributes become stubs").
    callPackageWithFallback =
      scope: fallback: fn: overrides:
      let
        f = if isFunction fn then fn else import fn;
        formals = builtins.functionArgs f;
        resolved = mapAttrs (name: _: if scope ? ${name} then scope.${name} else fallback name) (
          filterAttrs (name: hasDefault: scope ? ${name} || !hasDefault) formals
        );
      in
      makeOverridable f (resolved // overrides);

    makeOverridable =
      f: args:
      let
        result = f args;
        override = more: makeOverridable f (args // (if isFunction more then more args else more));
      in
      if builtins.isAttrs result then result // { inherit override; } else result;

    licenses = mapAttrs (shortName: l: l // { inherit shortName; }) (import ./licenses.nix);

    maintainers = import ./maintainers.nix { inherit extraMaintainers; };

    teams = { };

    platforms = {
      all = systems.flakeExposed;
      linux = filter (hasSuffix "-linux") systems.flakeExposed;
      darwin = filter (hasSuffix "-darwin") systems.flakeExposed;
      unix = systems.flakeExposed;
    };
    hasSuffix =
      suffix: content:
      let
        lc = builtins.stringLength content;
        ls = builtins.stringLength suffix;
      in
      lc >= ls && builtins.substring (lc - ls) lc content == suffix;

    systems = {
      flakeExposed = [
        "x86_64-linux"
        "aarch64-linux"
        "x86_64-darwin"
        "aarch64-darwin"
      ];
      # The subset of nixpkgs' `hostPlatform` that python-modules files consult.
      elaborate =
        system:
        let
          cpu = builtins.head (builtins.split "-" system);
          kernel = last (builtins.split "-" system);
        in
        {
          inherit system;
          config = system;
          isLinux = kernel == "linux";
          isDarwin = kernel == "darwin";
          isAarch64 = cpu == "aarch64";
          isx86_64 = cpu == "x86_64";
          isx86 = cpu == "x86_64";
          isUnix = true;
          isWindows = false;
          is64bit = true;
        };
    };

    trivial = {
      inherit id const flip;
    };
    strings = {
      inherit
        concatMapStrings
        concatMapStringsSep
        hasPrefix
        hasSuffix
        removePrefix
        escapeShellArg
        ;
    };
    lists = {
      inherit
        optionals
        optional
        concatMap
        toList
        unique
        subtractLists
        last
        range
        ;
    };
    attrsets = {
      inherit
        optionalAttrs
        genAttrs
        nameValuePair
        filterAttrs
        mapAttrs'
        mapAttrsToList
        attrByPath
        recursiveUpdate
        ;
    };
  };
in
lib
