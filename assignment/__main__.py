"""Entry point of `python -m assignment`."""

import sys

from assignment.cli import main

sys.exit(main())
