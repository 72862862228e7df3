# Snapshot: only the files setup.py reads are kept (see examples/dagster/README.md).
