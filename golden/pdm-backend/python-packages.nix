  pdmthing = callPackage ../development/python-modules/pdmthing { };
