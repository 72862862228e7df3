  acme-api = callPackage ../development/python-modules/acme-api { };

  acme-sdk = callPackage ../development/python-modules/acme-sdk { };
