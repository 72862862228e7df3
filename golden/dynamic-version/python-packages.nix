  dynver = callPackage ../development/python-modules/dynver { };
