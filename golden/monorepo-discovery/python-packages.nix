  acme = callPackage ../development/python-modules/acme { };

  acme-extra = callPackage ../development/python-modules/acme-extra { };
