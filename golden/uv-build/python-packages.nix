  uvthing = callPackage ../development/python-modules/uvthing { };
