"""The ``tigerbridge`` command line (contract: shared/docs/CONTRACTS.md).

Exit status 2 with one line on standard error for unusable input; logs go to standard
error so standard output stays machine-readable JSON.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from integrations.settings import get_settings


class UsageError(Exception):
    """Unusable input: reported as one line on standard error with exit status 2."""


def _demo(args: argparse.Namespace) -> int:
    from integrations.demo import run_demo

    print(json.dumps(run_demo(get_settings()), indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tigerbridge", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on standard error")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the main job on the embedded sample note")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"tigerbridge: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
