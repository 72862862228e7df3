  acme-suite = callPackage ../development/python-modules/acme-suite { };
