"""``python -m nixpkgs_contrib``."""

from .cli import main

raise SystemExit(main())
