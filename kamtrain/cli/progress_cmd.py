"""``kamtrain progress``: who has submitted what, and who is struggling."""

from __future__ import annotations

from pathlib import Path


def register(sub) -> None:
    parser = sub.add_parser(
        "progress",
        help="follow a cohort: submissions, scores by competency and criterion, who is struggling",
    )
    parser.add_argument("dir", type=Path, help="the cohort folder")
    parser.add_argument(
        "--format",
        choices=("text", "html", "json"),
        default="text",
        help="text (terminal, default), html (French report with plots) or json",
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--notebook",
        action="store_true",
        help="write the trainer notebook DIR/formateur/suivi.ipynb (plots and tables) instead",
    )
    parser.set_defaults(func=_progress)


def _progress(args) -> None:
    if args.notebook:
        from kamtrain.progress.notebook import write_trainer_notebook

        path = write_trainer_notebook(course_dir=args.dir)
        print(f"Trainer notebook written: {path}")
        print(f"Open it with: jupyter lab {path}")
        return
    from kamtrain.progress.collect import collect_progress
    from kamtrain.progress.render import to_html, to_json, to_text

    report = collect_progress(course_dir=args.dir)
    text = {"text": to_text, "html": to_html, "json": to_json}[args.format](report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"Progress report written: {args.output}")
    else:
        print(text)
