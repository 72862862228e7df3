  acmecloud-mgmt-dns = callPackage ../development/python-modules/acmecloud-mgmt-dns { };
