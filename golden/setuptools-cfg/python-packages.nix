  widgetry = callPackage ../development/python-modules/widgetry { };
