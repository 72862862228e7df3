  gridstat = callPackage ../development/python-modules/gridstat { };
