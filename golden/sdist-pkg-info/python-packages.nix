  gadget-kit = callPackage ../development/python-modules/gadget-kit { };
