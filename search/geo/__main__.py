"""Command line: ``python -m search.geo build [--db PATH] [--force]`` or ``lookup QUERY...``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from search.geo import build_database, default_database_path, lookup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.geo",
                                     description="Build or query the offline place-lookup database.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the place lookup database if out of date")
    build.add_argument("--db", type=Path, help="output file (default: $POSTCODE_DB or var/)")
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    find = commands.add_parser("lookup", help="resolve postcodes, outcodes or town names")
    find.add_argument("queries", nargs="+")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    if args.command == "build":
        path = args.db or default_database_path()

        def progress(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        built = build_database(path, force=args.force, progress=progress)
        print(f"{path}: {'built' if built else 'already up to date'}")
        return 0
    for query in args.queries:
        print(f"{query!r}: {lookup(query)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
