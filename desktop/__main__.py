"""`python -m desktop` runs the same entry point as the `counterdraft` command."""

import sys

from desktop.cli import main

sys.exit(main())
