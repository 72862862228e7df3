  dagster = callPackage ../development/python-modules/dagster { };

  dagster-graphql = callPackage ../development/python-modules/dagster-graphql { };

  dagster-pipes = callPackage ../development/python-modules/dagster-pipes { };

  dagster-shared = callPackage ../development/python-modules/dagster-shared { };

  dagster-webserver = callPackage ../development/python-modules/dagster-webserver { };
