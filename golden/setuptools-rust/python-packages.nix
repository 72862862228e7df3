  fastcrc = callPackage ../development/python-modules/fastcrc { };
