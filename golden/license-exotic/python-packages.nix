  dual = callPackage ../development/python-modules/dual { };
