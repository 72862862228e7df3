  parcelpost = callPackage ../development/python-modules/parcelpost { };
