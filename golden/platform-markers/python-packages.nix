  platmark = callPackage ../development/python-modules/platmark { };
