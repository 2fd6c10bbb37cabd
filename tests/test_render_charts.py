"""Tests of zi_risk.charts: heat-map and bar-chart geometry."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zi_risk.charts import CellInput, bar_chart, heat_grid, ink, wrap_codes

_NAMES = ["Satu", "Dua", "Tiga", "Empat", "Lima"]


@given(st.lists(st.from_regex(r"\AR-[A-Z]{2,4}-\d{1,3}\Z"), max_size=80))
def test_wrap_codes_loses_no_code(codes: list[str]) -> None:
    """Wrapped lines plus the '+N' rest account for every code, in order."""
    lines, rest = wrap_codes(codes, width=92, size=7, max_lines=3)
    shown = [c.rstrip(",") for line in lines for c in line.split()]
    assert shown + codes[len(shown) :] == codes
    assert len(shown) + rest == len(codes)
    assert len(lines) <= 3


def test_heat_grid_places_highest_likelihood_on_top() -> None:
    """Likelihood 5 is the top row and impact 1 the left column; cells do not overlap."""
    cells = [
        CellInput(likelihood=lv, impact=iv, besaran=lv * iv, band="b", colour="#ff0000", codes=())
        for lv in range(1, 6)
        for iv in range(1, 6)
    ]
    g = heat_grid(cells, likelihood_names=_NAMES, impact_names=_NAMES, row_title="K", col_title="D")
    top = min(g.cells, key=lambda c: (c.y, c.x))
    assert (top.likelihood, top.impact) == (5, 1)
    boxes = {(c.x, c.y) for c in g.cells}
    assert len(boxes) == 25
    assert all(c.x >= 0 and c.x + c.w <= g.width and c.y + c.h <= g.height for c in g.cells)


def test_crowded_cell_shows_how_many_are_left_out() -> None:
    """A cell with more codes than fit ends with '+N lainnya' on its own line."""
    codes = tuple(f"R-DUK-{n:02d}" for n in range(40))
    g = heat_grid(
        [CellInput(likelihood=1, impact=1, besaran=1, band="b", colour="#00b050", codes=codes)],
        likelihood_names=["A"],
        impact_names=["B"],
        row_title="K",
        col_title="D",
        more="+{n} lainnya",
    )
    cell = g.cells[0]
    assert cell.count == 40
    assert cell.more is not None
    shown = sum(len(line.text.split()) for line in cell.code_lines)
    assert cell.more.text == f"+{40 - shown} lainnya"
    assert cell.more.y > cell.code_lines[-1].y
    assert cell.more.y < cell.y + cell.h


def test_bar_chart_scales_to_the_largest_unit() -> None:
    """The longest bar is the unit with the most risks; zero counts draw nothing."""
    c = bar_chart(
        [("A", [1, 0, 3]), ("B", [0, 0, 2])], [("x", "#32bdea"), ("y", "#00b050"), ("z", "#ff0000")]
    )
    widths = [sum(b.w for b in row.bars) for row in c.rows]
    assert widths[0] > widths[1]
    assert [b.count for b in c.rows[0].bars] == [1, 3]


def test_ink_contrast() -> None:
    """Text on the band colours is black; on dark navy it is white."""
    assert {ink(c) for c in ("#32bdea", "#00b050", "#ffff00", "#ffc000", "#ff0000")} == {"#000000"}
    assert ink("#000000") == "#ffffff"
