"""`python -m bot.publish`: the publish command on its own (same options as `pressbot publish`)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from bot.commands import publish
    from bot.errors import UsageError

    parser = argparse.ArgumentParser(prog="pressbot publish")
    parser.add_argument("--site", help="the site's root folder")
    parser.add_argument("--config", help="the configuration file")
    publish.add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return publish.run(args)
    except UsageError as exc:
        print(f"pressbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
