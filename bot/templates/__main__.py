"""`python -m bot.templates`: make the workflow templates from `.github/workflows/`."""

import sys

from bot.templates import main

sys.exit(main(sys.argv[1:]))
