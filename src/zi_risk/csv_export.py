"""The register table as CSV: UTF-8 with a byte-order mark so that Excel reads it right.

CSV is export-only. Text a spreadsheet could run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a leading ``'``, as OWASP
recommends; numbers are written as they are.

Examples:
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", name='=HYPERLINK("http://x","klik")').build()
    >>> text = to_csv(reg, lang="en")
    >>> text.splitlines()[1]
    '1,R-1,unit-1,service-1,,"\\'=HYPERLINK(""http://x"",""klik"")",,,,3,3,14,Medium,,'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from .errors import UsageError
from .model import Register
from .xlsx_layout import REGISTER_TABLE, is_formula_like
from .xlsx_write import register_table

__all__ = ["to_csv"]


def _lines(items: Iterable[str]) -> str | None:
    values = list(items)
    return "\n".join(values) if values else None


def _safe(value: Any) -> Any:
    if isinstance(value, tuple):  # a band-coloured cell: its text
        value = value[0]
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return "" if value is None else value


def to_csv(register: Register, lang: str = "id") -> str:
    """The register table (one row per risk, as on the *Register Risiko* sheet) as CSV text.

    The text starts with a byte-order mark; write it as UTF-8. Rows end with
    CRLF, as RFC 4180 and Excel expect. Lists in a cell are one item per line.

    Raises:
        UsageError: ``lang`` is not ``"id"`` or ``"en"``.
    """
    if lang not in ("id", "en"):
        from . import messages as msg

        raise UsageError(msg.XLSX_BAD_LANG.format(lang=lang))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = REGISTER_TABLE.columns
    writer.writerow([c.label(lang) for c in columns])
    for n, (_, values) in enumerate(register_table(register, lang, join=_lines), 1):
        writer.writerow([n if c.key == "no" else _safe(values.get(c.key)) for c in columns])
    return "\ufeff" + out.getvalue()
