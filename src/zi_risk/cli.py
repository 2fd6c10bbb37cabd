"""The ``zi-risk`` command line.

Exit codes, kept by every command: 0 ok, 1 findings at or above ``--fail-on``
(audit), 2 usage, 3 invalid input, 4 input/output error. A user mistake never
shows a traceback: it prints ``Error: ...`` or the located problems.

Each command is a function ``_cmd_NAME(args) -> int`` registered in
:func:`_parser`; the heavy modules are imported inside the command so that
``zi-risk --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import messages as msg
from .errors import LoadError, UsageError, ZiRiskError
from .model import Register

__all__ = ["main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_IO = 4

Command = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An argparse parser that raises instead of exiting, so usage errors exit 2 cleanly."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _load(paths: Sequence[str]) -> Register:
    """Load the register, with a progress line on a terminal when it takes a while."""
    from .loader import load_register, register_files
    from .progress import Progress

    files = register_files(paths)
    with Progress(msg.CLI_PROGRESS_LOADING, total=len(files)) as bar:
        return load_register(*files, on_file=lambda _: bar.advance())


# -- commands ---------------------------------------------------------------------


def _cmd_validate(args: argparse.Namespace) -> int:
    register = _load(args.paths)
    _out(
        msg.CLI_VALID.format(
            units=len(register.units),
            services=len(register.services),
            risks=len(register.risks),
            controls=len(register.controls),
        )
    )
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    _out(json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False))
    return EXIT_OK


def _cmd_dump(args: argparse.Namespace) -> int:
    from .dump import dump_register
    from .output import write_atomic

    text = dump_register(_load(args.paths))
    if args.out:
        write_atomic(args.out, text)
        _err(msg.CLI_WROTE.format(path=args.out))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .csv_export import to_csv
    from .output import write_atomic
    from .xlsx import to_xlsx

    if not args.xlsx and not args.csv:
        raise UsageError(msg.CLI_NOTHING_TO_EXPORT)
    register = _load(args.paths)
    if args.xlsx:
        write_atomic(args.xlsx, to_xlsx(register, lang=args.lang))
        _out(msg.CLI_WROTE.format(path=args.xlsx))
    if args.csv:
        write_atomic(args.csv, to_csv(register, lang=args.lang))
        _out(msg.CLI_WROTE.format(path=args.csv))
    return EXIT_OK


def _cmd_new(args: argparse.Namespace) -> int:
    from .output import write_atomic
    from .xlsx import blank_workbook

    units = [(uid, name) for uid, name in args.unit or ()]
    write_atomic(args.xlsx, blank_workbook(units=units, criteria=args.criteria, lang=args.lang))
    _out(msg.CLI_WROTE.format(path=args.xlsx))
    return EXIT_OK


def _cmd_audit(args: argparse.Namespace) -> int:
    import datetime as dt

    from .audit_report import audit_to_json_text, format_audit_text
    from .coverage import AuditConfig, check_coverage
    from .output import write_atomic

    as_of = None
    if args.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise UsageError(msg.AUDIT_BAD_AS_OF.format(got=args.as_of)) from None
    disable = [c.strip() for item in args.disable for c in item.split(",") if c.strip()]
    severity: dict[str, str] = {}
    for pair in args.severity:
        code, sep, level = pair.partition("=")
        if not sep or not code.strip():
            raise UsageError(msg.AUDIT_BAD_SEVERITY_PAIR.format(got=pair))
        severity[code.strip()] = level.strip()
    AuditConfig(disable=disable, severity=severity)  # flags are checked before loading
    register = _load(args.paths)
    config = AuditConfig.from_register(register).override(disable=disable, severity=severity)
    audit = check_coverage(register, as_of=as_of, config=config)
    json_out = args.format == "json"
    text = audit_to_json_text(audit) if json_out else format_audit_text(audit) + "\n"
    if args.out:
        write_atomic(args.out, text)
        _err(msg.CLI_WROTE.format(path=args.out))
    else:
        sys.stdout.write(text)
    return EXIT_FINDINGS if audit.fails(args.fail_on) else EXIT_OK


def _cmd_score(args: argparse.Namespace) -> int:
    import attrs

    from .output import write_atomic
    from .scoring import format_score_table, rank_risks, scores_to_json

    register = _load(args.paths)
    if args.residual_method is not None:
        register = attrs.evolve(register, residual_method=args.residual_method)
    ranked = rank_risks(register)
    if args.priority:
        ranked = tuple(s for s in ranked if s.above_appetite)
    if args.format == "json":
        data = scores_to_json(register, ranked, lang=args.lang)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_score_table(register, ranked, lang=args.lang) + "\n"
    if args.out:
        write_atomic(args.out, text)
        _err(msg.CLI_WROTE.format(path=args.out))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _split(values: Sequence[str] | None) -> list[str]:
    """Values of a repeatable option that also takes comma-separated lists."""
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def _cmd_render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .documents import KINDS
    from .i18n import LANGUAGES
    from .output import write_atomic
    from .progress import Progress
    from .rendering import FORMATS, render_documents

    kinds = _split(args.kind) or list(KINDS)
    formats = _split([args.format])
    langs = _split([args.lang])
    for option, values, choices in (
        ("--kind", kinds, KINDS),
        ("--format", formats, FORMATS),
        ("--lang", langs, LANGUAGES),
    ):
        for value in values:
            if value not in choices:
                raise UsageError(
                    msg.RENDER_BAD_CHOICE.format(
                        option=option, value=value, choices=", ".join(choices)
                    )
                )
    if args.templates is not None and not Path(args.templates).is_dir():
        raise UsageError(msg.RENDER_NO_TEMPLATES_DIR.format(path=args.templates))
    register = _load(args.paths)
    units: list[str | None] = [None] if not args.unit or args.all_units else []
    units += _split(args.unit) if not args.all_units else [u.id for u in register.units]
    out = Path(args.out)
    count = 0
    jobs = [(lang, unit) for lang in dict.fromkeys(langs) for unit in dict.fromkeys(units)]
    written: list[Path] = []
    with Progress(msg.CLI_PROGRESS_RENDERING, total=len(jobs)) as bar:
        for lang, unit in jobs:
            for name, content in render_documents(
                register, kinds, formats, lang, unit, args.templates
            ):
                written.append(write_atomic(out / name, content))
            bar.advance()
    for path in written:  # after the progress line is gone, so the two never mix
        _out(msg.CLI_WROTE.format(path=path))
        count += 1
    _out(msg.RENDER_DONE.format(count=count, folder=out))
    return EXIT_OK


# -- parser -----------------------------------------------------------------------


def _add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="register files (.yaml, .yml, .json, .xlsx) or directories",
    )


def _parser() -> _Parser:
    parser = _Parser(
        prog="zi-risk",
        description="Fraud-risk registers for Zona Integritas units: validate, score, audit, "
        "render.",
        epilog="Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage, 3 invalid input, "
        "4 input/output error.",
    )
    from . import __version__

    parser.add_argument("--version", action="version", version=f"zi-risk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("validate", help="check register files and print a summary")
    _add_paths(p)
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the register file format")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("dump", help="write a register (from any input) back as one YAML file")
    _add_paths(p)
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_cmd_dump)

    p = sub.add_parser(
        "audit",
        help="check control coverage (rules ZI101-ZI304) and print findings and metrics",
        description="Audit control coverage: one line per finding, sorted by file and line, "
        "then metrics per unit. Exits 1 when a finding at or above --fail-on exists.",
    )
    _add_paths(p)
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="audit as of DATE (YYYY-MM-DD); default: the last day of the register's period",
    )
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="error",
        help="exit 1 when a finding of this severity or worse exists (default: error)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument(
        "--disable",
        metavar="CODE",
        action="append",
        default=[],
        help="do not run rule CODE (repeat, or separate codes with commas)",
    )
    p.add_argument(
        "--severity",
        metavar="CODE=LEVEL",
        action="append",
        default=[],
        help="report rule CODE at LEVEL (error, warning or info); repeatable",
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_cmd_audit)

    from .residual import RESIDUAL_METHODS

    p = sub.add_parser(
        "score",
        help="print the risks ranked by besaran (Daftar Risiko Prioritas) with their levels",
        description="Score every risk (inherent, residual, derived residual, target) and list "
        "them in priority order: besaran, then impact, highest first, then id.",
    )
    _add_paths(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    p.add_argument(
        "--priority",
        action="store_true",
        help="list only the risks at or above their appetite (di atas selera)",
    )
    p.add_argument(
        "--residual-method",
        choices=RESIDUAL_METHODS,
        help="also derive residuals with this method (overrides the register's residual_method)",
    )
    p.add_argument("--lang", choices=("id", "en"), default="id", help="labels (default: id)")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser("export", help="write a register as an XLSX workbook and/or a CSV table")
    _add_paths(p)
    p.add_argument("--xlsx", metavar="FILE", help="write the workbook to FILE")
    p.add_argument("--csv", metavar="FILE", help="write the register table as CSV to FILE")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="labels (default: id)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("new", help="write an empty, fillable register workbook")
    p.add_argument("--xlsx", metavar="FILE", required=True, help="write the workbook to FILE")
    p.add_argument(
        "--unit",
        nargs=2,
        action="append",
        metavar=("ID", "NAME"),
        help="a unit to list on the units sheet (repeatable)",
    )
    p.add_argument("--criteria", default="bpkp-2019", metavar="NAME", help="criteria preset")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="labels (default: id)")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser(
        "render",
        help="write the register documents (register, RTP, audit, risk map) as files",
        description="Render documents into --out: the full register risiko, the RTP, the "
        "auditor's report and the peta risiko (always SVG). Files are written atomically and "
        "named by kind, unit and language, e.g. register-risiko-dispendukcapil.en.html.",
    )
    _add_paths(p)
    p.add_argument(
        "--kind",
        metavar="KIND",
        action="append",
        help="register, rtp, audit or heatmap (repeatable or comma-separated; default: all)",
    )
    p.add_argument(
        "--format",
        metavar="FMTS",
        default="html,md",
        help="comma-separated html, pdf, md (default: html,md; pdf is slower)",
    )
    p.add_argument(
        "--lang", metavar="LANGS", default="id", help="id and/or en, comma-separated (default: id)"
    )
    p.add_argument(
        "--unit",
        metavar="ID",
        action="append",
        help="render the documents of unit ID instead of the whole register (repeatable)",
    )
    p.add_argument(
        "--all-units",
        action="store_true",
        help="render the whole register and then every unit on its own",
    )
    p.add_argument("--templates", metavar="DIR", help="your templates, searched before ours")
    p.add_argument(
        "--out", metavar="DIR", default="documents", help="output folder (default: documents)"
    )
    p.set_defaults(func=_cmd_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    try:
        args = _parser().parse_args(argv)
        func: Command = args.func
        return func(args)
    except LoadError as exc:
        for problem in exc.problems:
            _err(str(problem))
        if len(exc.problems) > 1:
            _err(f"{len(exc.problems)} problems")
        return EXIT_INVALID
    except ZiRiskError as exc:
        _err(msg.CLI_ERROR.format(message=exc))
        return exc.exit_code
    except BrokenPipeError:  # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt:
        _err(msg.CLI_INTERRUPTED)
        return 130


def run() -> NoReturn:
    """Entry point for ``python -m zi_risk``."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
