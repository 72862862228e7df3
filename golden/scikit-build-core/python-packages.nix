  fastgeom = callPackage ../development/python-modules/fastgeom { };
