"""Reading a register workbook into register data, remembering the sheet and cell of each value.

The reader only maps cells to data in the register file format; the loader
checks that data exactly as it checks YAML, and locates each problem at its cell
(``register.xlsx!Analisis Risiko!F12``). Here are only the workbook's own
concerns: sheets and header labels in Indonesian or English, numbers typed as
text, Excel dates, blank rows, list cells, formulas (their saved result is used;
a formula is never evaluated), and workbooks too big to read.

Examples:
    >>> to_date(45243), to_date("13/11/2023"), to_date("13 November 2023")
    (datetime.date(2023, 11, 13), datetime.date(2023, 11, 13), datetime.date(2023, 11, 13))
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import messages as msg
from .criteria import PRESET_NAMES, RiskCriteria, criteria_from_data, default_criteria, preset
from .errors import CriteriaError, LoadError, Location, Problem
from .loader import Document
from .source import MAX_FILE_BYTES, DataPath, MappingSource, Source, parse_text
from .xlsx_layout import (
    ACTION_PLAN,
    ANALYSIS,
    AREAS,
    CONTROLS,
    CRITERIA_DATA,
    DATA_ROW,
    DATE,
    DUE,
    EVIDENCE,
    ID,
    IDENTIFICATION,
    INT,
    ITEMS,
    MULTI,
    NIP,
    OWNERS,
    REGISTER,
    SERVICES,
    SHEETS,
    TESTS,
    UNITS,
    Column,
    SheetSpec,
    normalise_label,
    ooxml_unescape,
    split_items,
    split_multi,
)

__all__ = [
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "read_workbook",
    "to_date",
]

MAX_ROWS = 100_000
"""Most filled rows read from one sheet; a sheet with more is refused."""

MAX_COLUMNS = 200
"""Most columns a sheet may declare; a sheet with more is refused."""

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""Most bytes a workbook may unpack to (its zip members together); guards against zip bombs."""

_HEADER_SCAN = 10
_INPUT_SHEETS = (
    REGISTER,
    IDENTIFICATION,
    ANALYSIS,
    ACTION_PLAN,
    UNITS,
    OWNERS,
    SERVICES,
    CONTROLS,
    EVIDENCE,
    TESTS,
    CRITERIA_DATA,
)


class _Formula:
    """A formula found in an input cell; its saved result is looked up in a second pass."""

    def __init__(self, text: str) -> None:
        self.text = text


# -- values ----------------------------------------------------------------------------------

_EPOCH = dt.date(1899, 12, 30)
_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nopember"),
            ("desember", "december", "des", "dec"),
        ),
        1,
    )
    for name in names
}
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")


def to_date(value: Any) -> Any:
    """A date from a date cell, an Excel serial number or text a person would write.

    Text may be ``YYYY-MM-DD``, ``DD/MM/YYYY`` (also with ``-`` or ``.``) or
    ``13 November 2023`` (Indonesian or English month names). Anything else is
    returned unchanged, for the loader to report.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2_958_466 and float(value).is_integer():
            return _EPOCH + dt.timedelta(days=int(value))
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        for pattern, parts in ((_DMY, None), (_D_MONTH_Y, "month")):
            match = pattern.match(text)
            if not match:
                continue
            day, month_text, year = match.groups()
            month = _MONTHS.get(month_text.casefold()) if parts else int(month_text)
            try:
                return dt.date(int(year), month or 0, int(day))
            except ValueError:
                return value
    return value


def _to_int(value: Any, grouped: bool = False) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.match(text):
            return int(text)
        if grouped and _GROUPED.match(text):
            return int(re.sub(r"[.,\s]", "", text))
        if re.match(r"^\d+\.0+$", text):
            return int(text.split(".")[0])
    return value


def _to_id(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _to_text(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _to_due(value: Any) -> Any:
    if isinstance(value, str) and re.match(r"^\s*\d{4}-[Qq][1-4]\s*$", value):
        return value.strip()
    return to_date(value)


# -- reading sheets -----------------------------------------------------------------------


class _Sheet:
    """The values of one sheet, rows and columns 1-based; formula cells hold :class:`_Formula`."""

    def __init__(self, title: str, spec: SheetSpec, rows: list[tuple[Any, ...]]) -> None:
        self.title = title
        self.spec = spec
        self.rows = rows

    def value(self, row: int, col: int) -> Any:
        if row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else None

    def cell(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

        return f"{self.title}!{get_column_letter(col)}{row}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Workbook:
    """One workbook being read: its file name, problems, and the cell of each data path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = str(path)
        self.problems: list[Problem] = []
        self.table: dict[DataPath, Location] = {}
        self.formulas: list[tuple[_Sheet, int, int]] = []
        self.criteria_source: _CriteriaSource | None = None

    def at(self, sheet: _Sheet, row: int, col: int) -> Location:
        return Location(file=self.file, cell=sheet.cell(row, col))

    def problem(
        self,
        where: Location,
        expected: str,
        got: Any = Problem.__init__,
        record: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        if got is Problem.__init__:
            self.problems.append(Problem(where, record, field, expected, hint=hint))
        else:
            self.problems.append(Problem(where, record, field, expected, got, hint))


def _check_size(path: Path, max_bytes: int) -> None:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        from .errors import OutputError

        raise OutputError(f"{name}: cannot read: {exc.strerror or exc}") from None
    if size > max_bytes:
        raise LoadError(
            [
                Problem(
                    Location(file=name),
                    None,
                    None,
                    msg.XLSX_TOO_BIG.format(most=max_bytes, size=size),
                )
            ]
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise LoadError(
            [Problem(Location(file=name), None, None, msg.XLSX_NOT_XLSX.format(reason=exc))]
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise LoadError(
            [
                Problem(
                    Location(file=name),
                    None,
                    None,
                    msg.XLSX_TOO_BIG_UNPACKED.format(most=MAX_UNPACKED_BYTES, size=unpacked),
                )
            ]
        )


def _open(path: Path, data_only: bool) -> Any:
    import openpyxl  # type: ignore[import-untyped,unused-ignore]

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        reason = str(exc) or type(exc).__name__
        raise LoadError(
            [
                Problem(
                    Location(file=str(path)), None, None, msg.XLSX_UNREADABLE.format(reason=reason)
                )
            ]
        ) from None


def _spec_of(title: str) -> SheetSpec | None:
    wanted = normalise_label(title)
    for spec in SHEETS:
        if wanted in (normalise_label(spec.name_id), normalise_label(spec.name_en)):
            return spec
    return None


def _read_rows(book: _Workbook, ws: Any, title: str) -> list[tuple[Any, ...]] | None:
    try:
        ws.reset_dimensions()
        rows: list[tuple[Any, ...]] = []
        filled = 0
        for cells in ws.iter_rows(max_col=MAX_COLUMNS + 1):
            values = []
            for cell in cells:
                value = cell.value
                if cell.data_type == "f":
                    value = _Formula(str(value))
                elif isinstance(value, str):
                    value = ooxml_unescape(value)
                values.append(value)
            while values and values[-1] is None:
                values.pop()
            if len(values) > MAX_COLUMNS:
                book.problem(
                    Location(file=book.file, cell=f"{title}!A{len(rows) + 1}"),
                    msg.XLSX_TOO_MANY_COLUMNS.format(most=MAX_COLUMNS, got=len(values)),
                )
                return None
            if values:
                filled += 1
                if filled > MAX_ROWS:
                    book.problem(
                        Location(file=book.file, cell=f"{title}!A{len(rows) + 1}"),
                        msg.XLSX_TOO_MANY_ROWS.format(most=MAX_ROWS),
                    )
                    return None
            rows.append(tuple(values))
    except Exception as exc:  # a malformed sheet part
        book.problem(
            Location(file=book.file, cell=f"{title}!A1"),
            msg.XLSX_UNREADABLE.format(reason=str(exc) or type(exc).__name__),
        )
        return None
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _load_sheets(book: _Workbook) -> dict[str, _Sheet]:
    wb = _open(book.path, data_only=False)
    sheets: dict[str, _Sheet] = {}
    try:
        for title in wb.sheetnames:
            spec = _spec_of(title)
            if spec is None or spec not in _INPUT_SHEETS or spec.key in sheets:
                continue
            rows = _read_rows(book, wb[title], title)
            if rows is not None:
                sheets[spec.key] = _Sheet(title, spec, rows)
    finally:
        wb.close()
    return sheets


def _resolve_formulas(book: _Workbook, sheets: dict[str, _Sheet]) -> None:
    """Replace formulas in input cells by their saved results, or report them."""
    if not book.formulas:
        return
    wb = _open(book.path, data_only=True)
    try:
        cached: dict[str, list[tuple[Any, ...]]] = {}
        for sheet, row, col in book.formulas:
            if sheet.title not in cached:
                cached[sheet.title] = [
                    tuple(c.value for c in cells)
                    for cells in wb[sheet.title].iter_rows(max_col=MAX_COLUMNS)
                ]
            rows = cached[sheet.title]
            value = (
                rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None
            )
            if value is None:
                book.problem(book.at(sheet, row, col), msg.XLSX_FORMULA, sheet.value(row, col).text)
            cells = list(sheet.rows[row - 1])
            cells[col - 1] = ooxml_unescape(value) if isinstance(value, str) else value
            sheet.rows[row - 1] = tuple(cells)
    finally:
        wb.close()


# -- tables ---------------------------------------------------------------------------------


def _labels(spec: SheetSpec) -> dict[str, Column]:
    table: dict[str, Column] = {}
    for col in spec.columns:
        table.setdefault(normalise_label(col.label_id), col)
        table.setdefault(normalise_label(col.label_en), col)
    return table


class _Table:
    """A table sheet with its header found: the column of each field, and the data rows."""

    def __init__(self, sheet: _Sheet, header_row: int, columns: dict[str, int]) -> None:
        self.sheet = sheet
        self.header_row = header_row
        self.columns = columns

    def records(self) -> Iterable[tuple[int, dict[str, Any]]]:
        """``(row, {key: value})`` of each row with something in an input column."""
        wanted = [
            (key, col) for key, col in self.columns.items() if self.sheet.spec.column(key).is_input
        ]
        for row in range(self.header_row + 1, len(self.sheet.rows) + 1):
            values = {key: self.sheet.value(row, col) for key, col in wanted}
            if all(_blank(v) for v in values.values()):
                continue
            yield row, values


def _find_table(book: _Workbook, sheet: _Sheet) -> _Table | None:
    labels = _labels(sheet.spec)
    best, best_row = 0, 0
    for row in range(1, min(_HEADER_SCAN, len(sheet.rows)) + 1):
        hits = sum(
            1 for v in sheet.rows[row - 1] if isinstance(v, str) and normalise_label(v) in labels
        )
        if hits > best:
            best, best_row = hits, row
    key_col = next(c for c in sheet.spec.columns if c.required)
    if best == 0:
        book.problem(
            Location(file=book.file, cell=f"{sheet.title}!A1"),
            msg.XLSX_NO_HEADER.format(label=key_col.label_id),
        )
        return None
    columns: dict[str, int] = {}
    width = max((len(r) for r in sheet.rows), default=0)
    ok = True
    for col in range(1, width + 1):
        label = sheet.value(best_row, col)
        up = best_row - 1
        while _blank(label) and up >= 1:  # a header merged down from above
            label = sheet.value(up, col)
            up -= 1
        if _blank(label) or isinstance(label, _Formula):
            continue
        found = labels.get(normalise_label(str(label)))
        if found is None:
            has_data = any(
                not _blank(sheet.value(r, col)) for r in range(best_row + 1, len(sheet.rows) + 1)
            )
            if has_data:
                names = [c.label_id for c in sheet.spec.columns] + [
                    c.label_en for c in sheet.spec.columns
                ]
                close = difflib.get_close_matches(str(label), names, 1, 0.6)
                book.problem(
                    book.at(sheet, best_row, col),
                    msg.XLSX_UNKNOWN_COLUMN,
                    str(label),
                    hint=msg.DID_YOU_MEAN.format(guess=close[0]) if close else None,
                )
                ok = False
            continue
        if found.key in columns:
            other = book.at(sheet, best_row, columns[found.key])
            book.problem(
                book.at(sheet, best_row, col),
                msg.XLSX_DUPLICATE_COLUMN.format(label=str(label), other=other),
            )
            ok = False
            continue
        columns[found.key] = col
    for column in sheet.spec.columns:
        if column.required and column.key not in columns:
            book.problem(
                book.at(sheet, best_row, 1),
                msg.XLSX_MISSING_COLUMN.format(label=column.label_id),
            )
            ok = False
    if not ok:
        return None
    for row in range(best_row + 1, len(sheet.rows) + 1):
        for key, col in columns.items():
            if sheet.spec.column(key).is_input and isinstance(sheet.value(row, col), _Formula):
                book.formulas.append((sheet, row, col))
    return _Table(sheet, best_row, columns)


# -- converting cells to data ---------------------------------------------------------------


class _Rows:
    """Turns the rows of a table into records of the file format, noting each cell."""

    def __init__(self, book: _Workbook, table: _Table, criteria: RiskCriteria) -> None:
        self.book = book
        self.table = table
        self.criteria = criteria

    def loc(self, row: int, key: str) -> Location:
        col = self.table.columns.get(key, 1)
        return self.book.at(self.table.sheet, row, col)

    def convert(self, column: Column, value: Any, row: int, record: str) -> Any:
        if _blank(value):
            return None
        kind = column.kind
        if kind == INT:
            return _to_int(value, grouped=column.key == "budget")
        if kind == ID:
            return _to_id(value)
        if kind == DATE:
            return to_date(value)
        if kind == DUE:
            return _to_due(value)
        if kind == ITEMS:
            return split_items(str(_to_text(value))) or None
        if kind == MULTI:
            return split_multi(str(_to_text(value))) or None
        if kind == NIP:
            if isinstance(value, float):
                self.book.problem(
                    self.loc(row, column.key), msg.XLSX_NIP_NUMBER, value, record, "nip"
                )
                return None
            return value.replace(" ", "") if isinstance(value, str) else value
        if kind == AREAS:
            return self.areas(str(value), row, record, column.key)
        if isinstance(value, str):
            return value if kind != "vocab" else value.strip()
        return _to_text(value)

    def areas(self, text: str, row: int, record: str, key: str) -> dict[str, Any] | None:
        out: dict[str, Any] = {}
        names: dict[str, str] = {}
        for area in self.criteria.impact_areas:
            for label in (area.key, area.name_id, area.name_en):
                names[normalise_label(label)] = area.key
        for line in re.split(r"[\n;]+", text):
            if not line.strip():
                continue
            parts = re.split(r"\s*[:=]\s*", line.strip(), maxsplit=1)
            if len(parts) != 2 or not parts[0]:
                self.book.problem(
                    self.loc(row, key),
                    msg.XLSX_AREA_LINE,
                    line.strip(),
                    record,
                    key.replace(".areas", ".impact"),
                )
                return None
            key_of_area = names.get(normalise_label(parts[0]), parts[0].strip())
            out[key_of_area] = _to_int(parts[1])
        return out or None

    def record(
        self, row: int, values: dict[str, Any], path: DataPath, record: str
    ) -> dict[str, Any]:
        """The row as a flat ``{key: value}`` mapping (dotted keys), cells noted under ``path``."""
        out: dict[str, Any] = {}
        for key, value in values.items():
            column = self.table.sheet.spec.column(key)
            converted = self.convert(column, value, row, record)
            if converted is not None:
                out[key] = converted
        self.book.table[path] = self.loc(row, self._first_key())
        return out

    def _first_key(self) -> str:
        for col in self.table.sheet.spec.columns:
            if col.required:
                return col.key
        return self.table.sheet.spec.columns[0].key

    def note(self, path: DataPath, row: int, key: str) -> None:
        if key in self.table.columns:
            self.book.table[path] = self.loc(row, key)


def _record_name(values: dict[str, Any], key: str, fallback: str) -> str:
    ident = values.get(key)
    return str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else fallback


def _simple(
    book: _Workbook, table: _Table | None, section: str, criteria: RiskCriteria
) -> list[dict[str, Any]]:
    """Records of a reference sheet whose columns are plain fields (units, owners, services)."""
    out: list[dict[str, Any]] = []
    if table is None:
        return out
    rows = _Rows(book, table, criteria)
    for row, values in table.records():
        path: DataPath = (section, len(out))
        rec = _record_name(values, "id", f"{section}[{len(out)}]")
        data = rows.record(row, values, path, rec)
        for key in values:  # blank cells too: a missing field is reported at its cell
            rows.note((*path, key), row, key)
        out.append(data)
    return out


def _assessment(
    rows: _Rows, data: dict[str, Any], prefix: str, row: int, path: DataPath, rec: str
) -> dict[str, Any] | None:
    keys = ("likelihood", "impact", "areas", "rationale")
    found = {k: data.pop(f"{prefix}.{k}") for k in keys if f"{prefix}.{k}" in data}
    if not found:
        return None
    here = (*path, prefix)
    rows.note(here, row, f"{prefix}.likelihood")
    out: dict[str, Any] = {}
    if "likelihood" in found:
        out["likelihood"] = found["likelihood"]
        rows.note((*here, "likelihood"), row, f"{prefix}.likelihood")
    areas = found.get("areas")
    impact = found.get("impact")
    if areas is not None:
        out["impact"] = areas
        rows.note((*here, "impact"), row, f"{prefix}.areas")
        levels = list(areas.values())
        if impact is not None and all(isinstance(v, int) for v in levels) and impact != max(levels):
            rows.book.problem(
                rows.loc(row, f"{prefix}.impact"),
                msg.XLSX_WORST_AREA.format(worst=max(levels)),
                impact,
                rec,
                f"{prefix}.impact",
            )
    elif impact is not None:
        out["impact"] = impact
        rows.note((*here, "impact"), row, f"{prefix}.impact")
    if "rationale" in found:
        out["rationale"] = found["rationale"]
        rows.note((*here, "rationale"), row, f"{prefix}.rationale")
    return out


def _nest(data: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    found = {k.split(".", 1)[1]: data.pop(k) for k in list(data) if k.startswith(prefix + ".")}
    return found or None


class _Keyed:
    """Rows of a sheet keyed by the id of a record on another sheet (risk or control)."""

    def __init__(self, ids: dict[str, int], kind: str, sheet: str) -> None:
        self.ids = ids
        self.kind = kind
        self.sheet = sheet

    def find(
        self, book: _Workbook, rows: _Rows, row: int, values: dict[str, Any], key: str
    ) -> int | None:
        ident = _to_id(values.get(key))
        label = rows.table.sheet.spec.column(key).label_id
        if _blank(ident):
            book.problem(
                rows.loc(row, key), msg.XLSX_MISSING_KEY.format(kind=self.kind, label=label)
            )
            return None
        index = self.ids.get(str(ident))
        if index is None:
            close = difflib.get_close_matches(str(ident), list(self.ids), 1, 0.6)
            expected = (
                msg.XLSX_UNKNOWN_RISK if self.kind == "risk" else msg.XLSX_UNKNOWN_CONTROL
            ).format(sheet=self.sheet)
            book.problem(
                rows.loc(row, key),
                expected,
                ident,
                hint=msg.DID_YOU_MEAN.format(guess=close[0]) if close else None,
            )
        return index


def _risks(
    book: _Workbook, tables: dict[str, _Table | None], criteria: RiskCriteria
) -> list[dict[str, Any]]:
    risks: list[dict[str, Any]] = []
    ident_table = tables.get("identification")
    ids: dict[str, int] = {}
    if ident_table is not None:
        rows = _Rows(book, ident_table, criteria)
        for row, values in ident_table.records():
            path: DataPath = ("risks", len(risks))
            rec = _record_name(values, "id", f"risks[{len(risks)}]")
            data = rows.record(row, values, path, rec)
            for key in values:  # blank cells too: a missing field is reported at its cell
                rows.note((*path, key), row, key)
            if isinstance(data.get("id"), str | int):
                ids.setdefault(str(data["id"]), len(risks))
            risks.append(data)
    sheet_name = ident_table.sheet.title if ident_table else IDENTIFICATION.name_id
    for key, prefixes in (("analysis", ("inherent", "residual")), ("action_plan", ("target",))):
        table = tables.get(key)
        if table is None:
            continue
        rows = _Rows(book, table, criteria)
        keyed = _Keyed(ids, "risk", sheet_name)
        seen: dict[int, int] = {}
        for row, values in table.records():
            index = keyed.find(book, rows, row, values, "id")
            if index is None:
                continue
            if index in seen:
                book.problem(
                    rows.loc(row, "id"),
                    msg.XLSX_DUPLICATE_ROW.format(
                        kind="risk", id=str(values["id"]).strip(), other=rows.loc(seen[index], "id")
                    ),
                )
                continue
            seen[index] = row
            path = ("risks", index)
            rec = str(risks[index].get("id"))
            data = rows.record(row, values, (*path, key), rec)
            data.pop("id", None)
            for prefix in prefixes:
                made = _assessment(rows, data, prefix, row, path, rec)
                if made is not None:
                    risks[index][prefix] = made
            acceptance = _nest(data, "acceptance")
            if acceptance is not None:
                risks[index]["acceptance"] = acceptance
                rows.note((*path, "acceptance"), row, "acceptance.approved_by")
                for field in acceptance:
                    rows.note((*path, "acceptance", field), row, f"acceptance.{field}")
            for field, value in data.items():
                risks[index][field] = value
                rows.note((*path, field), row, field)
    return risks


def _controls(
    book: _Workbook, tables: dict[str, _Table | None], criteria: RiskCriteria
) -> list[dict[str, Any]]:
    controls = _simple(book, tables.get("controls"), "controls", criteria)
    ids: dict[str, int] = {}
    for n, control in enumerate(controls):
        if isinstance(control.get("id"), str | int):
            ids.setdefault(str(control["id"]), n)
    control_table = tables.get("controls")
    sheet_name = control_table.sheet.title if control_table else CONTROLS.name_id
    for key, field in (("evidence", "evidence"), ("tests", "tests")):
        table = tables.get(key)
        if table is None:
            continue
        rows = _Rows(book, table, criteria)
        keyed = _Keyed(ids, "control", sheet_name)
        for row, values in table.records():
            index = keyed.find(book, rows, row, values, "control")
            if index is None:
                continue
            items = controls[index].setdefault(field, [])
            path: DataPath = ("controls", index, field, len(items))
            rec = str(controls[index].get("id"))
            data = rows.record(row, values, path, rec)
            data.pop("control", None)
            for name in data:
                rows.note((*path, name), row, name)
            items.append(data)
    return controls


# -- the register sheet and criteria ----------------------------------------------------------


def _register(
    book: _Workbook, sheet: _Sheet | None, criteria_sheet: _Sheet | None
) -> tuple[dict[str, Any] | None, Any]:
    """The ``register:`` section, and the criteria spec it names (for impact-area names)."""
    if sheet is None:
        return None, None
    labels = _labels(REGISTER)
    out: dict[str, Any] = {}
    path: DataPath = ("register",)
    book.table[path] = Location(file=book.file, cell=f"{sheet.title}!A1")
    rows = sheet.rows
    for n in range(1, len(rows) + 1):
        label, value = sheet.value(n, 1), sheet.value(n, 2)
        if not isinstance(label, str) or _blank(label):
            continue
        column = labels.get(normalise_label(label))
        if column is None:
            if n > 3 and not _blank(value):
                names = [c.label_id for c in REGISTER.columns]
                close = difflib.get_close_matches(label, names, 1, 0.6)
                book.problem(
                    book.at(sheet, n, 1),
                    msg.XLSX_UNKNOWN_FIELD,
                    label,
                    hint=msg.DID_YOU_MEAN.format(guess=close[0]) if close else None,
                )
            continue
        if isinstance(value, _Formula):
            book.formulas.append((sheet, n, 2))
            continue
        where = book.at(sheet, n, 2)
        key = column.key
        book.table[(*path, *key.split("."))] = where  # where a missing value belongs
        if _blank(value):
            continue
        if column.kind == INT:
            value = _to_int(value)
        elif column.kind == ID:
            value = _to_id(value)
        elif column.kind == DATE:
            value = to_date(value)
        else:
            value = _to_text(value)
        if key == "audit":
            value = _yaml_cell(book, value, where)
            if value is None:
                continue
        first, _, second = key.partition(".")
        if second:
            out.setdefault(first, {})[second] = value
            book.table[(*path, first)] = where
            book.table[(*path, first, second)] = where
        else:
            out[key] = value
            book.table[(*path, key)] = where
    spec = out.get("criteria")
    if criteria_sheet is not None:
        data = _criteria_data(book, criteria_sheet)
        if data is not None:
            out["criteria"] = data
            spec = data
    return out, spec


def _yaml_cell(book: _Workbook, value: Any, where: Location) -> Any:
    import yaml

    try:
        data, _ = parse_text(str(value), book.file)
    except LoadError as exc:
        reason = exc.problems[0].expected if exc.problems else "?"
        book.problem(where, reason)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - parse_text reports YAML errors itself
        book.problem(where, msg.XLSX_BAD_YAML.format(reason=exc))
        return None
    return data


class _CriteriaSource:
    """Locates values of inline criteria at the cells of the criteria-data sheet."""

    def __init__(self, inner: Source, cell_of_line: Callable[[int], str], file: str) -> None:
        self.inner = inner
        self.cell_of_line = cell_of_line
        self.file = file

    def at(self, path: DataPath) -> Location:
        loc = self.inner.at(path)
        if loc.line is None:
            return Location(file=self.file, cell=self.cell_of_line(1))
        return Location(file=self.file, cell=self.cell_of_line(loc.line))


def _criteria_data(book: _Workbook, sheet: _Sheet) -> Any:
    lines: list[str] = []
    for row in range(DATA_ROW, len(sheet.rows) + 1):
        value = sheet.value(row, 1)
        lines.append("" if value is None else str(_to_text(value)))
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return None
    text = "\n".join(lines) + "\n"

    def cell_of_line(line: int) -> str:
        return sheet.cell(DATA_ROW + line - 1, 1)

    try:
        data, source = parse_text(text, book.file)
    except LoadError as exc:
        for p in exc.problems:
            cell = cell_of_line(p.location.line or 1)
            book.problems.append(
                Problem(Location(file=book.file, cell=cell), p.record, p.field, p.expected)
            )
        return None
    book.criteria_source = _CriteriaSource(source, cell_of_line, book.file)
    return data


def _criteria_for_areas(spec: Any) -> RiskCriteria:
    """Best-effort criteria to read impact-area names; the loader checks the real ones."""
    try:
        if isinstance(spec, str) and spec.strip() in PRESET_NAMES:
            return preset(spec.strip())
        if isinstance(spec, dict):
            return criteria_from_data(spec)
    except (CriteriaError, LoadError):
        pass
    return default_criteria()


class _WorkbookSource(MappingSource):
    """Cells of the workbook; inline criteria are located on the criteria-data sheet."""

    def __init__(
        self, file: str, table: dict[DataPath, Location], criteria: _CriteriaSource | None
    ) -> None:
        super().__init__(file, table)
        self._criteria = criteria

    def at(self, path: DataPath) -> Location:
        if self._criteria is not None and path[:2] == ("register", "criteria"):
            return self._criteria.at(path[2:])
        return super().at(path)

    brief = at


def read_workbook(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> list[Document]:
    """Read a register workbook into one :class:`~zi_risk.loader.Document` in the file format.

    The loader checks the document; problems of the workbook itself (a missing
    column, an unknown risk id on the analysis sheet, a formula without a saved
    result, a workbook too big) are raised here as one :class:`LoadError`, each
    located at its sheet and cell. Sheets and labels are read in Indonesian and
    English; sheets zi-risk does not know are ignored.

    Raises:
        LoadError: the workbook cannot be read, or its structure is wrong.
    """
    path = Path(path)
    book = _Workbook(path)
    _check_size(path, max_bytes)
    sheets = _load_sheets(book)
    if not sheets and not book.problems:
        names = ", ".join(repr(s.name_id) for s in _INPUT_SHEETS[:4])
        raise LoadError(
            [Problem(Location(file=book.file), None, None, msg.XLSX_NO_SHEETS.format(names=names))]
        )
    tables: dict[str, _Table | None] = {}
    for key, sheet in sheets.items():
        if sheet.spec.columns and sheet.spec is not REGISTER:
            tables[key] = _find_table(book, sheet)
    register, criteria_spec = _register(book, sheets.get("register"), sheets.get("criteria_data"))
    _resolve_formulas(book, sheets)
    if book.problems:
        raise LoadError(book.problems)
    # formulas are resolved: read the values again where they changed
    if register is not None:
        register, criteria_spec = _register(
            book, sheets.get("register"), sheets.get("criteria_data")
        )
    criteria = _criteria_for_areas(criteria_spec)
    data: dict[str, Any] = {"zi_risk": 1}
    if register is not None:
        data["register"] = register
    data["units"] = _simple(book, tables.get("units"), "units", criteria)
    data["owners"] = _simple(book, tables.get("owners"), "owners", criteria)
    data["services"] = _simple(book, tables.get("services"), "services", criteria)
    data["risks"] = _risks(book, tables, criteria)
    data["controls"] = _controls(book, tables, criteria)
    for section in ("units", "owners", "services", "risks", "controls"):
        if not data[section]:
            del data[section]
    source = _WorkbookSource(book.file, book.table, book.criteria_source)
    # problems of the workbook travel with it, to be reported with the loader's own
    return [Document(data, source, path.parent, problems=book.problems)]
