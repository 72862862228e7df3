  scm-lib = callPackage ../development/python-modules/scm-lib { };
