  clitool = callPackage ../development/python-modules/clitool { };
