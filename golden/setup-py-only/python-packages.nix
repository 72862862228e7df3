  oldlib = callPackage ../development/python-modules/oldlib { };
