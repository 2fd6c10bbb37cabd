"""Tests of the CSV export of the register table."""

from __future__ import annotations

import csv
import io

import pytest

from zi_risk.csv_export import to_csv
from zi_risk.errors import UsageError
from zi_risk.loader import load_register
from zi_risk.testing import RegisterBuilder

from .conftest import EXAMPLE


def rows(text: str) -> list[list[str]]:
    """Parse CSV text the way a spreadsheet would (after its byte-order mark)."""
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_has_a_bom_a_header_and_one_row_per_risk() -> None:
    """Excel needs the BOM to read UTF-8; every risk of the example is one row."""
    register = load_register(EXAMPLE)
    table = rows(to_csv(register))
    assert table[0][:3] == ["No", "Kode Risiko", "Unit Kerja"]
    assert [r[1] for r in table[1:]] == [r.id for r in register.risks]


def test_csv_is_deterministic_with_crlf_rows() -> None:
    """The same register gives the same text; rows end with CRLF as Excel expects."""
    reg = RegisterBuilder().risk("R-1", causes=["a", "b"]).build()
    text = to_csv(reg, lang="en")
    assert text == to_csv(reg, lang="en")
    assert text.splitlines(keepends=True)[0].endswith("\r\n")
    assert rows(text)[1][7] == "a\nb"


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","klik")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_like_text_gets_a_quote(name: str) -> None:
    """Text a spreadsheet could run is prefixed with ' so it stays text; numbers are not."""
    reg = RegisterBuilder().risk("R-1", name=name).build()
    row = rows(to_csv(reg))[1]
    assert row[5] == "'" + name
    assert row[9:12] == ["3", "3", "14"]


def test_csv_rejects_unknown_languages() -> None:
    """Only id and en labels exist."""
    with pytest.raises(UsageError, match="expected a language 'id' or 'en', got 'de'"):
        to_csv(RegisterBuilder().build(), lang="de")
