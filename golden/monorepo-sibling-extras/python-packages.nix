  acme-core = callPackage ../development/python-modules/acme-core { };

  acme-web = callPackage ../development/python-modules/acme-web { };
