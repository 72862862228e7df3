  acme = callPackage ../development/python-modules/acme { };

  acme-aws = callPackage ../development/python-modules/acme-aws { };

  acme-k8s = callPackage ../development/python-modules/acme-k8s { };
