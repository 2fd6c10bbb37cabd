"""Writing a register as the workbook risk officers know, and the blank workbook units fill in.

The workbook is built with openpyxl's write-only mode and then re-packed with
fixed timestamps, so the same register always gives the same bytes. Every text
is written as a string cell, never as a formula; text a spreadsheet could run
(``=``, ``+``, ``-``, ``@``, tab, carriage return at the start) also carries the
*quote prefix* so that it stays text when someone edits the cell.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", likelihood=4, impact=3).build()
    >>> data = to_xlsx(reg)
    >>> data[:2], data == to_xlsx(reg)
    (b'PK', True)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped,unused-ignore]
from openpyxl.formatting.rule import FormulaRule  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import (  # type: ignore[import-untyped,unused-ignore]
    Alignment,
    Border,
    Font,
    PatternFill,
    Side,
)
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped,unused-ignore]
    DataValidation,
)

from . import messages as msg
from .criteria import PRESET_NAMES, RiskCriteria, preset
from .dump import dump_data
from .errors import RenderError, UsageError
from .model import Assessment, Control, Register, Risk
from .residual import RESIDUAL_METHODS
from .scoring import RiskScore, Score, score_register
from .vocab import (
    Adequacy,
    ControlStatus,
    ControlType,
    RiskGroup,
    Scheme,
    TestResult,
    Treatment,
    Vocabulary,
)
from .xlsx_layout import (
    ACTION_PLAN,
    ANALYSIS,
    BAND_ROW,
    BESARAN,
    CONTROLS,
    CRITERIA,
    CRITERIA_DATA,
    DATA_ROW,
    DATE,
    EVIDENCE,
    HEADER_ROW,
    IDENTIFICATION,
    INSTRUCTIONS,
    INT,
    LEVEL,
    LISTS,
    MAP,
    MULTI,
    NIP,
    NUMBER,
    OWNERS,
    REGISTER,
    REGISTER_TABLE,
    SERVICES,
    TESTS,
    TITLE_ROW,
    UNITS,
    SheetSpec,
    is_formula_like,
    join_items,
    ooxml_escape,
)
from .xlsx_text import instructions, text

__all__ = ["EXTRA_ROWS", "MAX_CELL_CHARS", "blank_workbook", "register_table", "to_xlsx"]

MAX_CELL_CHARS = 32_767
"""The most characters a spreadsheet cell holds; longer texts are refused with an error."""

EXTRA_ROWS = 200
"""Empty rows after the records that keep drop-downs and formulas, ready to be filled."""

_BLANK_ROWS = 500
_EXACT_FLOAT = 2**53
_LANGS = ("id", "en")

_GREEN = "d9ead3"
_GREY = "e7e6e6"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


class _Styles:
    """Cell styles made once per workbook; cells copy their style arrays (cheap)."""

    def __init__(self, ws: Any) -> None:
        self._ws = ws
        self._made: dict[str, Any] = {}

    def _make(self, key: str) -> Any:
        cell = WriteOnlyCell(self._ws)
        kind, _, colour = key.partition(":")
        wrap = Alignment(wrap_text=True, vertical="top")
        centre = Alignment(wrap_text=True, vertical="top", horizontal="center")
        if kind in ("text", "quoted", "number", "date", "nip"):
            cell.border = _BORDER
            cell.alignment = centre if kind == "number" else wrap
            if kind == "date":
                cell.number_format = "yyyy-mm-dd"
            if kind == "nip":
                cell.number_format = "@"
        elif kind in ("head_in", "head_out", "band"):
            cell.border = _BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            fill = _GREEN if kind == "head_in" else _GREY
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        elif kind == "title":
            cell.font = Font(bold=True, size=13)
        elif kind == "heading":
            cell.font = Font(bold=True)
        elif kind == "plain":
            cell.alignment = wrap
        elif kind in ("fill", "fillcentre"):
            cell.border = _BORDER
            cell.alignment = centre if kind == "fillcentre" else wrap
            cell.fill = PatternFill("solid", start_color=colour, end_color=colour)
        style = copy(cell._style)
        if kind == "quoted":
            style.quotePrefix = 1
        return style

    def get(self, key: str) -> Any:
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self._make(key)
        return found


class _Book:
    """One workbook being written: its language, styles and the ranges of its lists."""

    def __init__(self, lang: str, criteria: RiskCriteria) -> None:
        if lang not in _LANGS:
            raise UsageError(msg.XLSX_BAD_LANG.format(lang=lang))
        self.lang = lang
        self.criteria = criteria
        self.wb = Workbook(write_only=True)
        self._styles: _Styles | None = None
        self.lists: dict[str, str] = {}

    def sheet(self, spec: SheetSpec) -> Any:
        ws = self.wb.create_sheet(spec.name(self.lang))
        if self._styles is None:
            self._styles = _Styles(ws)
        return ws

    def cell(self, ws: Any, value: Any, style: str = "text", where: str = "") -> Any:
        """A cell holding ``value``; text is checked, escaped and never a formula."""
        if isinstance(value, str):
            value = ooxml_escape(value)
            if len(value) > MAX_CELL_CHARS:
                raise RenderError(
                    msg.XLSX_TEXT_TOO_LONG.format(
                        where=where or "a cell", size=len(value), most=MAX_CELL_CHARS
                    )
                )
            quoted = is_formula_like(value)
            if quoted and style == "text":
                style = "quoted"
        else:
            quoted = False
        cell = WriteOnlyCell(ws, value=value)
        if quoted:
            cell.data_type = "s"
        assert self._styles is not None
        cell._style = self._styles.get(style)
        return cell

    def formula(self, ws: Any, formula: str, style: str = "number") -> Any:
        cell = WriteOnlyCell(ws, value=formula)
        assert self._styles is not None
        cell._style = self._styles.get(style)
        return cell

    def label(self, vocab: Vocabulary | None) -> str | None:
        if vocab is None:
            return None
        return _cap(vocab.label(self.lang))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- helpers for table sheets -------------------------------------------------------------


def _setup_table(book: _Book, ws: Any, spec: SheetSpec, portrait: bool = False) -> None:
    for i, col in enumerate(spec.columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = f"C{DATA_ROW}" if len(spec.columns) > 3 else f"A{DATA_ROW}"
    _print_setup(ws, portrait)
    ws.print_title_rows = f"{BAND_ROW}:{HEADER_ROW}"


def _print_setup(ws: Any, portrait: bool = False) -> None:
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header(book: _Book, ws: Any, spec: SheetSpec, subtitle: str) -> None:
    n = len(spec.columns)
    title = f"{spec.title(book.lang)}: {subtitle}" if subtitle else spec.title(book.lang)
    ws.append([book.cell(ws, title, "title")])
    ws.merged_cells.add(f"A{TITLE_ROW}:{get_column_letter(n)}{TITLE_ROW}")
    band_row: list[Any] = []
    start = 0
    cols = spec.columns
    while start < n:
        band = cols[start].band
        end = start
        while end + 1 < n and band is not None and cols[end + 1].band == band:
            end += 1
        label = spec.band_label(band, book.lang) if band else None
        band_row.append(book.cell(ws, label, "band") if label else None)
        band_row.extend(book.cell(ws, None, "band") for _ in range(end - start))
        if band and end > start:
            ws.merged_cells.add(
                f"{get_column_letter(start + 1)}{BAND_ROW}:{get_column_letter(end + 1)}{BAND_ROW}"
            )
        start = end + 1
    ws.append(band_row)
    ws.append(
        [book.cell(ws, c.label(book.lang), "head_in" if c.is_input else "head_out") for c in cols]
    )


def _validations(book: _Book, ws: Any, spec: SheetSpec, last_row: int) -> None:
    for i, col in enumerate(spec.columns, 1):
        if col.choices is None or col.choices not in book.lists or not col.is_input:
            continue
        multi = col.kind == MULTI
        dv = DataValidation(
            type="list",
            formula1=book.lists[col.choices],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning" if multi else "stop",
            errorTitle=text(book.lang, "dv_title"),
            error=text(book.lang, "dv_multi" if multi else "dv_error"),
        )
        letter = get_column_letter(i)
        dv.add(f"{letter}{DATA_ROW}:{letter}{last_row}")
        ws.data_validations.append(dv)


def _formulas(book: _Book, spec: SheetSpec, row: int) -> dict[str, str]:
    """Live besaran and level formulas of the assessments on ``row``."""
    out: dict[str, str] = {}
    letters = {c.key: get_column_letter(i) for i, c in enumerate(spec.columns, 1)}
    for key in letters:
        prefix, _, field = key.partition(".")
        if field == "besaran":
            lv, iv = letters[f"{prefix}.likelihood"], letters[f"{prefix}.impact"]
            out[key] = (
                f'=IF(OR({lv}{row}="",{iv}{row}=""),"",'
                f'IFERROR(INDEX({book.lists["grid"]},{lv}{row},{iv}{row}),""))'
            )
        elif field == "level":
            b = letters[f"{prefix}.besaran"]
            out[key] = (
                f'=IF({b}{row}="","",IFERROR(LOOKUP({b}{row},{book.lists["band_low"]},'
                f'{book.lists["band_name"]}),""))'
            )
    return out


def _band_colours(book: _Book, ws: Any, spec: SheetSpec, last_row: int) -> None:
    letters = {c.key: get_column_letter(i) for i, c in enumerate(spec.columns, 1)}
    for key, letter in letters.items():
        prefix, _, field = key.partition(".")
        if field != "besaran":
            continue
        level = letters[f"{prefix}.level"]
        for band in book.criteria.bands:
            first = f"${letter}{DATA_ROW}"
            rule = FormulaRule(
                formula=[f"AND(ISNUMBER({first}),{first}>={band.low},{first}<={band.high})"],
                fill=PatternFill(bgColor=band.colour.lstrip("#")),
            )
            ws.conditional_formatting.add(f"{letter}{DATA_ROW}:{level}{last_row}", rule)


_STYLE_OF_KIND = {
    INT: "number",
    NUMBER: "number",
    BESARAN: "number",
    LEVEL: "number",
    DATE: "date",
    NIP: "nip",
}


def _write_table(
    book: _Book,
    spec: SheetSpec,
    subtitle: str,
    rows: Sequence[tuple[str, dict[str, Any]]],
    extra: int,
    portrait: bool = False,
) -> None:
    """Write a table sheet: ``rows`` pairs a record name (for errors) with its cell values."""
    ws = book.sheet(spec)
    _setup_table(book, ws, spec, portrait)
    _header(book, ws, spec, subtitle)
    live = any(c.kind == BESARAN for c in spec.columns)
    last = DATA_ROW + len(rows) + extra - 1
    for n, (record, values) in enumerate(rows, 1):
        row = DATA_ROW + n - 1
        formulas = _formulas(book, spec, row) if live else {}
        cells = []
        for col in spec.columns:
            style = _STYLE_OF_KIND.get(col.kind, "text")
            if col.kind == NUMBER:
                cells.append(book.cell(ws, n, style))
            elif col.key in formulas:
                cells.append(book.formula(ws, formulas[col.key]))
            else:
                value = values.get(col.key)
                if isinstance(value, tuple):  # a band-coloured value
                    value, colour = value
                    style = f"fillcentre:{colour.lstrip('#')}"
                cells.append(book.cell(ws, value, style, f"{record}.{col.key}"))
        ws.append(cells)
    if live:
        for row in range(DATA_ROW + len(rows), last + 1):
            formulas = _formulas(book, spec, row)
            ws.append(
                [formulas.get(c.key) and book.formula(ws, formulas[c.key]) for c in spec.columns]
            )
        _band_colours(book, ws, spec, last)
    _validations(book, ws, spec, last)


# -- values of records ---------------------------------------------------------------------


def _areas_text(a: Assessment) -> str | None:
    if not a.impact_areas:
        return None
    return "\n".join(f"{area}: {level}" for area, level in a.impact_areas)


def _assessment_values(prefix: str, a: Assessment | None) -> dict[str, Any]:
    if a is None:
        return {}
    return {
        f"{prefix}.likelihood": a.likelihood,
        f"{prefix}.impact": a.impact,
        f"{prefix}.areas": _areas_text(a),
        f"{prefix}.rationale": a.rationale,
    }


def _items(values: Iterable[str]) -> str | None:
    items = list(values)
    return join_items(items) if items else None


def _lines(values: Iterable[str]) -> str | None:
    items = list(values)
    return "\n".join(items) if items else None


def _number(value: int | None) -> int | str | None:
    """Whole numbers beyond what a spreadsheet keeps exactly are written as text."""
    if value is not None and abs(value) >= _EXACT_FLOAT:
        return str(value)
    return value


class _Facts:
    """What the derived columns show: controls per risk, scores, names."""

    def __init__(self, register: Register, lang: str) -> None:
        self.lang = lang
        self.scores: dict[str, RiskScore] = {s.id: s for s in score_register(register)}
        self.by_risk: dict[str, list[Control]] = {}
        for control in register.controls:
            for rid in control.mitigates:
                self.by_risk.setdefault(rid, []).append(control)
        self.services = {s.id: s for s in register.services}
        self.units = {u.id: u for u in register.units}
        self.owners = {o.id: o for o in register.owners}

    def existing(self, risk: Risk) -> list[Control]:
        return [c for c in self.by_risk.get(risk.id, ()) if c.status is ControlStatus.IMPLEMENTED]

    def planned(self, risk: Risk) -> list[Control]:
        wanted = (ControlStatus.PLANNED, ControlStatus.IN_PROGRESS)
        return [c for c in self.by_risk.get(risk.id, ()) if c.status in wanted]

    def adequacy(self, controls: list[Control]) -> str | None:
        if not controls:
            return None
        found = {c.adequacy for c in controls}
        if Adequacy.INADEQUATE in found:
            return _cap(Adequacy.INADEQUATE.label(self.lang))
        if found == {Adequacy.ADEQUATE}:
            return _cap(Adequacy.ADEQUATE.label(self.lang))
        return _cap(Adequacy.UNASSESSED.label(self.lang))

    def owner_name(self, ident: str | None) -> str | None:
        owner = self.owners.get(ident or "")
        return owner.position if owner else ident


def _control_names(controls: list[Control]) -> str | None:
    return _items(f"{c.id} {c.name}" for c in controls)


def _scored(score: Score, lang: str) -> tuple[str, str]:
    return score.band.name(lang), score.colour


def register_table(
    register: Register, lang: str = "id", join: Callable[[Iterable[str]], str | None] = _items
) -> list[tuple[str, dict[str, Any]]]:
    """The rows of the register table (*Register Risiko*): one per risk, with derived values.

    Band-coloured cells hold ``(text, "#rrggbb")``. ``join`` writes lists into one cell.
    """
    facts = _Facts(register, lang)
    rows = []
    for risk in register.risks:
        rs = facts.scores[risk.id]
        svc = facts.services.get(risk.service)
        unit = facts.units.get(svc.unit) if svc else None
        current = rs.current
        rows.append(
            (
                risk.id,
                {
                    "id": risk.id,
                    "unit": unit.name if unit else (svc.unit if svc else None),
                    "service": svc.name if svc else risk.service,
                    "step": risk.step,
                    "name": risk.name,
                    "scenario": risk.scenario,
                    "causes": join(risk.causes),
                    "existing": join(f"{c.id} {c.name}" for c in facts.existing(risk)),
                    "likelihood": current.likelihood,
                    "impact": current.impact,
                    "besaran": current.besaran,
                    "level": _scored(current, lang),
                    "effects": join(risk.effects),
                    "plan": join(f"{c.id} {c.name}" for c in facts.planned(risk)),
                },
            )
        )
    return rows


# -- sheets ------------------------------------------------------------------------------


def _subtitle(register: Register) -> str:
    period = (
        f"{register.year}" if register.quarter is None else f"{register.year} Q{register.quarter}"
    )
    return f"{register.organisation} ({period})"


def _identification(register: Register, book: _Book) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            r.id,
            {
                "id": r.id,
                "service": r.service,
                "step": r.step,
                "name": r.name,
                "scenario": r.scenario,
                "causes": _items(r.causes),
                "effects": _items(r.effects),
                "group": _lines(_cap(g.label(book.lang)) for g in r.group),
                "scheme": book.label(r.scheme),
                "owner": r.owner,
            },
        )
        for r in register.risks
    ]


def _analysis(register: Register, book: _Book, facts: _Facts) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for r in register.risks:
        existing = facts.existing(r)
        values: dict[str, Any] = {
            "id": r.id,
            "name": r.name,
            **_assessment_values("inherent", r.inherent),
            **_assessment_values("residual", r.residual),
            "existing.present": text(book.lang, "present" if existing else "absent"),
            "existing.names": _control_names(existing),
            "existing.adequacy": facts.adequacy(existing),
        }
        rows.append((r.id, values))
    return rows


def _action_plan(
    register: Register, book: _Book, facts: _Facts
) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for r in register.risks:
        planned = facts.planned(r)
        values: dict[str, Any] = {
            "id": r.id,
            "name": r.name,
            "causes": _items(r.causes),
            "treatment": book.label(r.treatment),
            "plan": _control_names(planned),
            "schedule": _lines(str(c.due) if c.due else "-" for c in planned),
            "responsible": _lines(facts.owner_name(c.owner) or "-" for c in planned),
            **_assessment_values("target", r.target),
        }
        if r.acceptance is not None:
            values["acceptance.approved_by"] = r.acceptance.approved_by
            values["acceptance.date"] = r.acceptance.date
            values["acceptance.rationale"] = r.acceptance.rationale
        rows.append((r.id, values))
    return rows


def _reference_rows(register: Register, book: _Book) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    evidence = []
    tests = []
    for c in register.controls:
        for e in c.evidence:
            evidence.append(
                (
                    f"{c.id}.evidence",
                    {"control": c.id, "title": e.title, "date": e.date, "ref": e.ref},
                )
            )
        for t in c.tests:
            tests.append(
                (
                    f"{c.id}.tests",
                    {
                        "control": c.id,
                        "date": t.date,
                        "result": book.label(t.result),
                        "by": t.by,
                        "note": t.note,
                    },
                )
            )
    return {
        "units": [
            (
                u.id,
                {
                    "id": u.id,
                    "name": u.name,
                    "kind": u.kind,
                    "head": u.head,
                    "appetite": u.appetite,
                },
            )
            for u in register.units
        ],
        "owners": [
            (
                o.id,
                {"id": o.id, "position": o.position, "unit": o.unit, "name": o.name, "nip": o.nip},
            )
            for o in register.owners
        ],
        "services": [
            (
                s.id,
                {
                    "id": s.id,
                    "unit": s.unit,
                    "name": s.name,
                    "description": s.description,
                    "steps": _items(s.steps),
                },
            )
            for s in register.services
        ],
        "controls": [
            (
                c.id,
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    "type": book.label(c.type),
                    "status": book.label(c.status),
                    "adequacy": book.label(c.adequacy),
                    "owner": c.owner,
                    "mitigates": _lines(c.mitigates),
                    "due": (str(c.due) if c.due.quarter else c.due.date) if c.due else None,
                    "indicator": c.indicator,
                    "budget": _number(c.budget),
                },
            )
            for c in register.controls
        ],
        "evidence": evidence,
        "tests": tests,
    }


def _register_sheet(book: _Book, values: dict[str, Any]) -> None:
    ws = book.sheet(REGISTER)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 50
    ws.column_dimensions["C"].width = 60
    _print_setup(ws)
    lang = book.lang
    ws.append([book.cell(ws, REGISTER.title(lang), "title")])
    ws.append([])
    ws.append(
        [
            book.cell(ws, text(lang, "field"), "head_out"),
            book.cell(ws, text(lang, "value"), "head_in"),
            book.cell(ws, text(lang, "explanation"), "head_out"),
        ]
    )
    for n, col in enumerate(REGISTER.columns):
        style = {INT: "number", DATE: "date"}.get(col.kind, "text")
        ws.append(
            [
                book.cell(ws, col.label(lang), "heading"),
                book.cell(ws, values.get(col.key), style, f"register.{col.key}"),
                book.cell(ws, text(lang, f"help_{col.key}"), "plain"),
            ]
        )
        if col.choices in book.lists:
            dv = DataValidation(
                type="list",
                formula1=book.lists[col.choices or ""],
                allow_blank=True,
                showErrorMessage=col.choices != "criteria",
                errorStyle="stop",
                errorTitle=text(lang, "dv_title"),
                error=text(lang, "dv_error"),
            )
            dv.add(f"B{DATA_ROW + n}")
            ws.data_validations.append(dv)


def _register_values(register: Register) -> dict[str, Any]:
    """The Identitas sheet's values: the header as the file format has it, flattened.

    Custom criteria live on their own sheet, so only their name is written here.
    """
    import yaml

    data = dump_data(register)["register"]
    signed = data.pop("signed", None) or {}
    audit = data.get("audit")
    values = {key: data.get(key) for key in _REGISTER_KEYS}
    values["criteria"] = register.criteria.name
    values["signed.place"] = signed.get("place")
    values["signed.date"] = signed.get("date")
    values["audit"] = yaml.safe_dump(audit, allow_unicode=True, sort_keys=False) if audit else None
    return values


_REGISTER_KEYS = (
    "title",
    "organisation",
    "year",
    "quarter",
    "appetite",
    "residual_method",
    "prepared_by",
    "approved_by",
)


def _criteria_sheet(book: _Book, appetite: int | None) -> None:
    c = book.criteria
    lang = book.lang
    en = lang == "en"
    ws = book.sheet(CRITERIA)
    width = max(len(c.likelihood_dimensions), len(c.impact_areas), len(c.impact), 4) + 2
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 22
    for i in range(3, width + 1):
        ws.column_dimensions[get_column_letter(i)].width = 26
    _print_setup(ws)
    ws.append([book.cell(ws, f"{CRITERIA.title(lang)}: {c.title}", "title")])
    ws.append([book.cell(ws, f"{text(lang, 'criteria_name')}: {c.name}", "plain")])
    for heading, levels, dims in (
        ("likelihood_scale", c.likelihood, c.likelihood_dimensions),
        ("impact_scale", c.impact, c.impact_areas),
    ):
        ws.append([])
        ws.append([book.cell(ws, text(lang, heading), "heading")])
        head = [text(lang, "level"), text(lang, "name")]
        head += [(d.name_en if en else d.name_id) + f" ({d.key})" for d in dims]
        ws.append([book.cell(ws, h, "head_out") for h in head])
        for lv in levels:
            row = [
                book.cell(ws, lv.value, "number"),
                book.cell(ws, lv.name_en if en else lv.name_id),
            ]
            row += [book.cell(ws, lv.criterion(d.key) or "") for d in dims]
            ws.append(row)
    ws.append([])
    ws.append([book.cell(ws, text(lang, "matrix"), "heading")])
    head = [text(lang, "likelihood_impact"), ""]
    head += [f"{lv.value} {lv.name_en if en else lv.name_id}" for lv in c.impact]
    ws.append([book.cell(ws, h, "head_out") for h in head])
    for lv in reversed(c.likelihood):
        row = [
            book.cell(ws, lv.value, "number"),
            book.cell(ws, lv.name_en if en else lv.name_id),
        ]
        for iv in c.impact:
            b = c.besaran(lv.value, iv.value)
            row.append(book.cell(ws, b, f"fillcentre:{c.band_of(b).colour.lstrip('#')}"))
        ws.append(row)
    ws.append([])
    ws.append([book.cell(ws, text(lang, "bands"), "heading")])
    ws.append(
        [
            book.cell(ws, h, "head_out")
            for h in (text(lang, "level"), text(lang, "name"), "Besaran", text(lang, "action"))
        ]
    )
    for band in c.bands:
        ws.append(
            [
                book.cell(ws, band.level, "number"),
                book.cell(ws, band.name(lang), f"fill:{band.colour.lstrip('#')}"),
                book.cell(ws, f"{band.low}-{band.high}", "number"),
                book.cell(ws, band.action(lang)),
            ]
        )
    ws.append([])
    shown = appetite if appetite is not None else c.appetite
    ws.append(
        [
            book.cell(ws, text(lang, "appetite"), "heading"),
            book.cell(ws, shown, "number"),
            book.cell(ws, text(lang, "appetite_help").format(default=c.appetite), "plain"),
        ]
    )


def _map_sheet(book: _Book, register: Register, facts: _Facts, subtitle: str) -> None:
    c = book.criteria
    lang = book.lang
    en = lang == "en"
    ws = book.sheet(MAP)
    ws.column_dimensions["A"].width = 18
    for i in range(2, len(c.impact) + 2):
        ws.column_dimensions[get_column_letter(i)].width = 22
    _print_setup(ws, portrait=True)
    ws.append([book.cell(ws, f"{MAP.title(lang)}: {subtitle}", "title")])
    counts: dict[str, dict[int, int]] = {"inherent": {}, "residual": {}}
    for which in ("inherent", "residual"):
        cells: dict[tuple[int, int], list[str]] = {}
        for rs in facts.scores.values():
            s = rs.inherent if which == "inherent" else rs.current
            cells.setdefault((s.likelihood, s.impact), []).append(rs.id)
            counts[which][s.band.level] = counts[which].get(s.band.level, 0) + 1
        ws.append([])
        ws.append([book.cell(ws, text(lang, f"map_{which}"), "heading")])
        head = [text(lang, "likelihood_impact")]
        head += [f"{iv.value} {iv.name_en if en else iv.name_id}" for iv in c.impact]
        ws.append([book.cell(ws, h, "head_out") for h in head])
        for lv in reversed(c.likelihood):
            row = [book.cell(ws, f"{lv.value} {lv.name_en if en else lv.name_id}", "head_out")]
            for iv in c.impact:
                b = c.besaran(lv.value, iv.value)
                ids = cells.get((lv.value, iv.value), [])
                shown = ", ".join(ids[:40]) + (f", +{len(ids) - 40}" if len(ids) > 40 else "")
                body = f"{b}" if not ids else f"{b} ({len(ids)})\n{shown}"
                row.append(book.cell(ws, body, f"fillcentre:{c.band_of(b).colour.lstrip('#')}"))
            ws.append(row)
    ws.append([])
    ws.append([book.cell(ws, text(lang, "legend"), "heading")])
    head = [
        text(lang, "level"),
        "Besaran",
        text(lang, "count_inherent"),
        text(lang, "count_residual"),
        text(lang, "action"),
    ]
    ws.append([book.cell(ws, h, "head_out") for h in head])
    for band in c.bands:
        ws.append(
            [
                book.cell(ws, band.name(lang), f"fill:{band.colour.lstrip('#')}"),
                book.cell(ws, f"{band.low}-{band.high}", "number"),
                book.cell(ws, counts["inherent"].get(band.level, 0), "number"),
                book.cell(ws, counts["residual"].get(band.level, 0), "number"),
                book.cell(ws, band.action(lang)),
            ]
        )


def _instructions_sheet(book: _Book) -> None:
    ws = book.sheet(INSTRUCTIONS)
    ws.column_dimensions["A"].width = 110
    _print_setup(ws, portrait=True)
    for kind, line in instructions(book.lang, book.criteria):
        ws.append([book.cell(ws, line, kind) if line else None])


def _criteria_data_sheet(book: _Book, criteria_data: dict[str, Any]) -> None:
    import yaml

    ws = book.sheet(CRITERIA_DATA)
    ws.column_dimensions["A"].width = 100
    _print_setup(ws, portrait=True)
    ws.append([book.cell(ws, CRITERIA_DATA.title(book.lang), "title")])
    ws.append([book.cell(ws, text(book.lang, "criteria_data_help"), "plain")])
    ws.append([])
    body = yaml.safe_dump(criteria_data, allow_unicode=True, sort_keys=False, width=1000)
    for n, line in enumerate(body.splitlines(), 1):
        ws.append([book.cell(ws, line or None, "plain", f"criteria line {n}")])


_VOCABS: tuple[tuple[str, type[Vocabulary]], ...] = (
    ("type", ControlType),
    ("status", ControlStatus),
    ("adequacy", Adequacy),
    ("treatment", Treatment),
    ("scheme", Scheme),
    ("group", RiskGroup),
    ("result", TestResult),
)


def _list_columns(book: _Book) -> list[tuple[str, list[Any]]]:
    c = book.criteria
    columns: list[tuple[str, list[Any]]] = [
        ("likelihood", [lv.value for lv in c.likelihood]),
        ("impact", [iv.value for iv in c.impact]),
        ("quarter", [1, 2, 3, 4]),
        ("criteria", list(PRESET_NAMES)),
        ("method", list(RESIDUAL_METHODS)),
    ]
    columns += [(key, [_cap(m.label(book.lang)) for m in cls]) for key, cls in _VOCABS]
    return columns


def _list_ranges(book: _Book, ref_rows: dict[str, int]) -> None:
    """Remember the range of each drop-down list: the lists sheet, or a reference sheet's ids."""
    c = book.criteria
    name = LISTS.name(book.lang)
    columns = _list_columns(book)
    for n, (key, values) in enumerate(columns, 1):
        letter = get_column_letter(n)
        book.lists[key] = f"'{name}'!${letter}$2:${letter}${1 + len(values)}"
    grid_at = len(columns) + 2
    first, last = get_column_letter(grid_at), get_column_letter(grid_at + len(c.impact) - 1)
    book.lists["grid"] = f"'{name}'!${first}$2:${last}${1 + len(c.likelihood)}"
    low_at = get_column_letter(grid_at + len(c.impact) + 1)
    name_at = get_column_letter(grid_at + len(c.impact) + 2)
    n_bands = len(c.bands)
    book.lists["band_low"] = f"'{name}'!${low_at}$2:${low_at}${1 + n_bands}"
    book.lists["band_name"] = f"'{name}'!${name_at}$2:${name_at}${1 + n_bands}"
    for key, spec in (
        ("units", UNITS),
        ("owners", OWNERS),
        ("services", SERVICES),
        ("risks", IDENTIFICATION),
        ("controls", CONTROLS),
    ):
        book.lists[key] = f"'{spec.name(book.lang)}'!$B${DATA_ROW}:$B${ref_rows[key]}"


def _lists_sheet(book: _Book) -> None:
    """Write the hidden *Daftar* sheet: the choice lists, the besaran grid and the bands."""
    c = book.criteria
    ws = book.sheet(LISTS)
    ws.sheet_state = "hidden"
    columns = _list_columns(book)
    n_bands = len(c.bands)
    height = max(max(len(v) for _, v in columns), len(c.likelihood), n_bands)
    header: list[str | None] = [key for key, _ in columns]
    header += [None, "grid"]
    header += [None] * (len(c.impact) - 1) + [None, "band_low", "band_name"]
    ws.append([book.cell(ws, h) if h else None for h in header])
    for i in range(height):
        row: list[Any] = [values[i] if i < len(values) else None for _, values in columns]
        row.append(None)
        row += list(c.grid[i]) if i < len(c.likelihood) else [None] * len(c.impact)
        row.append(None)
        if i < n_bands:
            row += [c.bands[i].low, c.bands[i].name(book.lang)]
        ws.append([book.cell(ws, v) if isinstance(v, str) else v for v in row])


def _fixed_time(when: dt.date) -> dt.datetime:
    return dt.datetime(when.year, when.month, when.day)


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")
_CREATED = re.compile(rb"<dcterms:created([^>]*)>[^<]*</dcterms:created>")


def _save(book: _Book, when: dt.date, title: str) -> bytes:
    """Save with fixed properties and zip timestamps, so equal input gives equal bytes."""
    stamp = _fixed_time(when)
    props = book.wb.properties
    props.creator = "zi-risk"
    props.lastModifiedBy = "zi-risk"
    props.title = title
    props.created = stamp
    props.modified = stamp
    raw = io.BytesIO()
    book.wb.save(raw)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"<dcterms:modified\1>" + iso + rb"</dcterms:modified>", data)
                data = _CREATED.sub(rb"<dcterms:created\1>" + iso + rb"</dcterms:created>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _workbook(
    register: Register,
    lang: str,
    *,
    header: dict[str, Any],
    subtitle: str,
    extra: int,
    when: dt.date,
    criteria_data: dict[str, Any] | None = None,
) -> bytes:
    book = _Book(lang, register.criteria)
    try:
        return _fill_workbook(book, register, header, subtitle, extra, when, criteria_data)
    except BaseException:
        _abandon(book)
        raise


def _abandon(book: _Book) -> None:
    """Close the half-written sheets of a failed export, so that nothing is left open."""
    import contextlib

    for ws in book.wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def _fill_workbook(
    book: _Book,
    register: Register,
    header: dict[str, Any],
    subtitle: str,
    extra: int,
    when: dt.date,
    criteria_data: dict[str, Any] | None,
) -> bytes:
    lang = book.lang
    facts = _Facts(register, lang)
    refs = _reference_rows(register, book)
    counts = {
        "units": len(register.units),
        "owners": len(register.owners),
        "services": len(register.services),
        "risks": len(register.risks),
        "controls": len(register.controls),
    }
    _list_ranges(book, {key: DATA_ROW + n + extra - 1 for key, n in counts.items()})
    _instructions_sheet(book)
    _register_sheet(book, header)
    _criteria_sheet(book, register.appetite)
    _write_table(book, IDENTIFICATION, subtitle, _identification(register, book), extra)
    _write_table(book, ANALYSIS, subtitle, _analysis(register, book, facts), extra)
    _write_table(book, ACTION_PLAN, subtitle, _action_plan(register, book, facts), extra)
    _write_table(book, REGISTER_TABLE, subtitle, register_table(register, lang), 0)
    _map_sheet(book, register, facts, subtitle)
    _write_table(book, UNITS, subtitle, refs["units"], extra)
    _write_table(book, OWNERS, subtitle, refs["owners"], extra)
    _write_table(book, SERVICES, subtitle, refs["services"], extra)
    _write_table(book, CONTROLS, subtitle, refs["controls"], extra)
    _write_table(book, EVIDENCE, subtitle, refs["evidence"], extra)
    _write_table(book, TESTS, subtitle, refs["tests"], extra)
    if criteria_data is not None:
        _criteria_data_sheet(book, criteria_data)
    _lists_sheet(book)
    return _save(book, when, str(header.get("title") or ""))


def to_xlsx(register: Register, lang: str = "id") -> bytes:
    """The register as an XLSX workbook (bytes): the sheets risk officers fill and read.

    Sheets: instructions, register details, criteria (scales, colour matrix, bands,
    appetite), risk identification, risk analysis (inherent, existing controls,
    residual), action plan (RTP), the register table, the risk map, and the
    reference sheets (units, owners, services, controls, evidence, tests) that make
    ``load_register`` give the same register back. Labels are Indonesian
    (``lang="id"``) or English (``lang="en"``); import reads both. The workbook's
    dates are the signature date (or 1 January of the register's year), never now.

    Raises:
        UsageError: ``lang`` is not ``"id"`` or ``"en"``.
        RenderError: a text is longer than a cell holds (:data:`MAX_CELL_CHARS`).

    Examples:
        >>> from zi_risk.testing import RegisterBuilder
        >>> import io, openpyxl
        >>> reg = RegisterBuilder().risk("R-1", name="=1+1").build()
        >>> wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(reg, lang="en")), read_only=True)
        >>> wb.sheetnames[:4]
        ['Instructions', 'Register details', 'Criteria', 'Risk identification']
        >>> cell = next(wb["Risk identification"].iter_rows(min_row=4, max_row=4))[4]
        >>> cell.value, cell.data_type
        ('=1+1', 's')
    """
    data = dump_data(register)["register"]
    custom = data["criteria"] if isinstance(data.get("criteria"), dict) else None
    when = register.signed.date if register.signed else dt.date(register.year, 1, 1)
    return _workbook(
        register,
        lang,
        header=_register_values(register),
        subtitle=_subtitle(register),
        extra=EXTRA_ROWS,
        when=when,
        criteria_data=custom,
    )


def blank_workbook(
    *,
    units: Sequence[tuple[str, str]] = (),
    criteria: str = "bpkp-2019",
    lang: str = "id",
    title: str | None = None,
    organisation: str | None = None,
    year: int | None = None,
) -> bytes:
    """An empty, fillable register workbook with the criteria and drop-downs in place.

    ``units`` pairs unit ids with names to list on the units sheet. This is the
    file an Inspektorat sends to units; filled in, it loads like any register.

    Raises:
        UsageError: unknown ``criteria`` preset or ``lang``.

    Examples:
        >>> data = blank_workbook(units=[("dukcapil", "Dinas Kependudukan")])
        >>> data == blank_workbook(units=[("dukcapil", "Dinas Kependudukan")])
        True
    """
    from .model import Unit

    if lang not in _LANGS:
        raise UsageError(msg.XLSX_BAD_LANG.format(lang=lang))
    crit = preset(criteria)
    register = Register(
        title=title or text(lang, "default_title"),
        organisation=organisation or "",
        year=year or 2000,
        criteria=crit,
        units=tuple(Unit(id=uid, name=name) for uid, name in units),
    )
    header = {
        "title": register.title,
        "organisation": organisation,
        "year": year,
        "criteria": crit.name,
    }
    subtitle = " ".join(str(p) for p in (organisation, year) if p)
    return _workbook(
        register,
        lang,
        header=header,
        subtitle=subtitle,
        extra=_BLANK_ROWS,
        when=dt.date(year or 2000, 1, 1),
    )
