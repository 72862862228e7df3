  sodiumlite = callPackage ../development/python-modules/sodiumlite { };
