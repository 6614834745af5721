"""`python -m desktop.cli` runs the `counterdraft` command, as it did before cli became a package."""

import sys

from desktop.cli import main

sys.exit(main())
