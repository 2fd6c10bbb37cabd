"""Spreadsheets both ways: the register as an XLSX workbook, and workbooks read back.

:func:`to_xlsx` writes the workbook risk officers know, :func:`blank_workbook`
the empty one units fill in, and :func:`read_workbook` is what
:func:`~zi_risk.loader.load_register` uses for ``.xlsx`` paths, so that every
command taking a register takes a workbook too. ``load_register(path)`` of a
written workbook gives the same register back.

Examples:
    >>> import pathlib, tempfile
    >>> from zi_risk.loader import load_register
    >>> from zi_risk.testing import RegisterBuilder
    >>> reg = RegisterBuilder().risk("R-1", likelihood=4, impact=3, causes=["a\\nb"]).build()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "register.xlsx"
    >>> _ = path.write_bytes(to_xlsx(reg))
    >>> load_register(path) == reg
    True
"""

from __future__ import annotations

from .xlsx_read import MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, read_workbook
from .xlsx_write import EXTRA_ROWS, MAX_CELL_CHARS, blank_workbook, to_xlsx

__all__ = [
    "EXTRA_ROWS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "blank_workbook",
    "read_workbook",
    "to_xlsx",
]
