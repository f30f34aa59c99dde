"""The ``tigerbridge`` command line (contract: shared/docs/CONTRACTS.md).

Exit status 2 with one line on standard error for unusable input; logs go to standard
error so standard output stays machine-readable JSON.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys

from agent.note import UnusableNote
from integrations.settings import get_settings


def _demo(args: argparse.Namespace) -> int:
    from integrations.demo import run_demo

    print(json.dumps(run_demo(get_settings()), indent=2))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from integrations.extract_command import run_extract

    result = run_extract(
        get_settings(),
        args.note,
        args.date,
        patient=args.patient,
        encounter=args.encounter,
        llm=args.llm,
        ips=args.ips,
        use_server=not args.offline,
    )
    json.dump(result, sys.stdout, indent=2 if args.json else None, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from integrations.eval_command import run_eval

    return run_eval(get_settings(), args.dirs, llm=args.llm, as_json=args.json, verbose=args.misses,
                    use_server=not args.offline)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tigerbridge", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging on standard error")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the main job on the embedded sample note")
    demo.set_defaults(handler=_demo)

    extract = sub.add_parser("extract", help="run the workflow on one note and print the result as JSON")
    extract.add_argument("note", help="path of a text note, or - for standard input")
    extract.add_argument("--date", required=True, help="the note's date, YYYY-MM-DD")
    extract.add_argument("--patient", help="Patient/ID or identifier system|value")
    extract.add_argument("--encounter", help="an existing Encounter/ID to attach to")
    extract.add_argument("--llm", choices=["rules", "tgi", "openai"], help="step backend (default: settings)")
    extract.add_argument("--json", action="store_true", help="indent the JSON output")
    extract.add_argument("--ips", action="store_true", help="print the IPS as a FHIR document Bundle instead")
    extract.add_argument("--offline", action="store_true", help="do not contact the FHIR server")
    extract.set_defaults(handler=_extract)

    evaluate = sub.add_parser("eval", help="score the workflow against gold-annotated notes")
    evaluate.add_argument("dirs", nargs="*", help="folders of gold notes (default: tests/data/notes)")
    evaluate.add_argument("--llm", choices=["rules", "tgi", "openai"], help="step backend (default: settings)")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--misses", action="store_true", help="list every miss per note on standard error")
    evaluate.add_argument("--offline", action="store_true", help="skip HAPI $validate")
    evaluate.set_defaults(handler=_eval)
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
    except UnusableNote as exc:
        print(f"tigerbridge: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
