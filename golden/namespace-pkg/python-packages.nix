  acme-storage-blob = callPackage ../development/python-modules/acme-storage-blob { };
