  acme-core = callPackage ../development/python-modules/acme-core { };

  acme-plugin-hello = callPackage ../development/python-modules/acme-plugin-hello { };
