  acme-core = callPackage ../development/python-modules/acme-core { };
