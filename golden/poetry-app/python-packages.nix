  quill-notes = callPackage ../development/python-modules/quill-notes { };
