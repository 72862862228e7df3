  quickhash = callPackage ../development/python-modules/quickhash { };
