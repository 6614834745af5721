"""The frozen app's entry point: the same `counterdraft` command as the installed console script.

PyInstaller needs a script to start from; desktop/__main__.py would also do, but a script in
packaging/ keeps the package free of build concerns.
"""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
