"""``kamtrain referential``: show the certification referential in several formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("table", "json", "csv", "md")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "referential",
        help="Show the certification referential (blocks, competencies, criteria).",
        description=(
            "Show the certification referential read from rubrics/referential.yml: blocks, "
            "activities, competencies with their assessment modality, and evaluation criteria."
        ),
    )
    parser.add_argument("--block", type=int, metavar="N", help="Show only block N (1-4).")
    parser.add_argument("--competency", metavar="CX", help="Show only one competency, e.g. C6.")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="Output format (default: table). csv has one row per criterion.",
    )
    parser.add_argument(
        "--rubrics-dir",
        type=Path,
        metavar="PATH",
        help="Folder holding referential.yml, levels.yml and rules.yml (default: the project's rubrics/).",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kamlearn.referential import load_referential, render

    ref = load_referential(rubrics_dir=args.rubrics_dir)
    blocks = ref.select(block=args.block, competency=args.competency)
    sys.stdout.write(render(blocks, fmt=args.format))
    return 0
