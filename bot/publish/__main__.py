"""`python -m bot.publish`: `pressbot publish` on its own, with the same options and the same
exit codes (2 usage or configuration, 3 an internal error in one line, 130 on Ctrl-C)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from bot.cli import main as pressbot

    return pressbot(["publish", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
