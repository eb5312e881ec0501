"""The ``kamtrain`` command line: a thin layer over the keyword-only library API.

Each sub-command lives in its own small module under :mod:`kamtrain.cli` and exposes
``register(subparsers)``. Commands add no logic of their own: they parse arguments,
call the library and print. Library exceptions become messages and exit codes here,
and only here.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kamtrain import __version__

# Module names under kamtrain.cli; each registers one top-level command. Imported
# lazily by name so that `kamtrain --help` stays fast.
COMMAND_MODULES = [
    "referential_cmd",
    "cohort_cmd",
    "grade_cmd",
    "report_cmd",
    "workbook_cmd",
    "jury_cmd",
    "demo_cmd",
    "progress_cmd",
    "feedback_cmd",
    "epreuve_cmd",
    "similarity_cmd",
]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def add_wait_option(parser: argparse.ArgumentParser) -> None:
    """``--wait SECONDS`` for a command that takes the cohort's lock (kamtrain.lock)."""
    parser.add_argument(
        "--wait",
        type=float,
        default=None,
        metavar="SECONDS",
        help="if another command is writing to the cohort, wait this long for it "
        "(default: 10, or $KAMTRAIN_LOCK_WAIT), then stop",
    )


def cohort_action(subparsers, name: str, help_text: str, func, *, wait: bool = False):
    """A subcommand ``name DIR`` (DIR: the cohort folder) running ``func(args)``.

    ``wait``: the command takes the cohort's lock, so it gets ``--wait SECONDS``.
    """
    from pathlib import Path

    parser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.set_defaults(func=func)
    if wait:
        add_wait_option(parser)
    return parser


def call(func, args: argparse.Namespace, *names: str, **values):
    """``func(course_dir=args.dir, name=args.name for each of names, **values)``.

    The CLI is a thin layer over keyword-only functions: most options pass through under
    their own name, and this says so once instead of one ``name=args.name`` line each.
    """
    return func(course_dir=args.dir, **{name: getattr(args, name) for name in names}, **values)


def _log_to_stderr() -> None:
    import logging

    logger = logging.getLogger("kamtrain")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kamtrain",
        description=(
            "Training and certification workbook for key account managers "
            "(Manager commercial client grands comptes)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"kamtrain {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"kamtrain.cli.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from kamlearn.errors import KamtrainError
    from kamtrain.nbgrader_adapter.speed import skip_iri_grammars

    skip_iri_grammars()  # saves 1-10 s on every command that reads a notebook

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from kamtrain.lock import wait_limit

    _log_to_stderr()
    try:
        with wait_limit(getattr(args, "wait", None)):
            result = args.func(args)
    except KamtrainError as exc:
        command = exc.command or args.command
        print(f"Error: {exc}", file=sys.stderr)
        print(f"Try `kamtrain {command} --help`.", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    return EXIT_OK if result is None else int(result)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
