  tinyparse = callPackage ../development/python-modules/tinyparse { };
