  interp = callPackage ../development/python-modules/interp { };
