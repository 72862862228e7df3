  crcmod-lite = callPackage ../development/python-modules/crcmod-lite { };
