  tinyjson-schema = callPackage ../development/python-modules/tinyjson-schema { };
