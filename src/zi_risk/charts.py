"""Geometry of the pictures in the documents: the 5×5 heat map and the bar chart of levels.

Templates draw SVG from these records and do no arithmetic: every position,
size, colour and line of text is computed here. Text widths are estimated from
the font size (DejaVu Sans averages about 0.6 em per character), which is
enough to wrap risk codes inside heat-map cells.

Examples:
    >>> wrap_codes(["R-1", "R-2", "R-10"], width=50, size=8, max_lines=2)
    (('R-1, R-2,', 'R-10'), 0)
    >>> wrap_codes(["R-%d" % n for n in range(1, 30)], width=50, size=8, max_lines=2)
    (('R-1, R-2,', 'R-3, R-4,'), 25)
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = [
    "Bar",
    "BarChart",
    "BarRow",
    "HeatCell",
    "HeatGrid",
    "Label",
    "LegendItem",
    "bar_chart",
    "heat_grid",
    "ink",
    "wrap_codes",
    "wrap_words",
]

CHAR_EM = 0.6
"""Average width of a character, in em, used to estimate text widths."""


def ink(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (``#rrggbb``), by WCAG contrast.

    Examples:
        >>> ink("#ff0000"), ink("#00b050"), ink("#1f3864")
        ('#000000', '#000000', '#ffffff')
    """

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def _fits(size: float, width: float) -> int:
    return max(1, int(width / (size * CHAR_EM)))


def wrap_codes(
    codes: Sequence[str], *, width: float, size: float, max_lines: int
) -> tuple[tuple[str, ...], int]:
    """Pack ``codes`` into at most ``max_lines`` lines of ``width`` px at font ``size``.

    Returns the lines and how many codes did not fit (shown as ``+N``).
    """
    limit = _fits(size, width)
    lines: list[str] = []
    current = ""
    placed = 0
    for n, code in enumerate(codes):
        piece = code if n == len(codes) - 1 else code + ","
        candidate = f"{current} {piece}" if current else piece
        if current and len(candidate) > limit:
            if len(lines) + 1 >= max_lines:
                lines.append(current)
                current = ""
                break
            lines.append(current)
            candidate = piece
        current = candidate
        placed = n + 1
    if current:
        lines.append(current)
    return tuple(lines), len(codes) - placed


def wrap_words(text: str, *, width: float, size: float, max_lines: int = 3) -> tuple[str, ...]:
    """Wrap ``text`` on spaces into at most ``max_lines`` lines; the last one ends in ``…``
    when the text is longer.

    Examples:
        >>> wrap_words("Hampir Pasti Terjadi", width=60, size=8)
        ('Hampir Pasti', 'Terjadi')
    """
    limit = _fits(size, width)
    lines: list[str] = []
    current = ""
    words = text.split()
    for n, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > limit:
            lines.append(current)
            if len(lines) == max_lines:
                lines[-1] = lines[-1][: max(1, limit - 1)] + "…"
                return tuple(lines)
            candidate = word
        current = candidate
        if n == len(words) - 1:
            lines.append(current)
    return tuple(line if len(line) <= limit else line[: limit - 1] + "…" for line in lines)


@attrs.frozen(kw_only=True)
class Label:
    """A line of text at ``(x, y)`` (baseline), anchored ``start``, ``middle`` or ``end``."""

    x: float
    y: float
    text: str
    anchor: str = "middle"


@attrs.frozen(kw_only=True)
class HeatCell:
    """One cell of the heat map: its place, band colour, besaran, count and risk codes."""

    likelihood: int
    impact: int
    besaran: int
    band: str
    colour: str
    ink: str
    count: int
    codes: tuple[str, ...]
    x: float
    y: float
    w: float
    h: float
    besaran_label: Label
    count_label: Label
    code_lines: tuple[Label, ...]
    more: Label | None


@attrs.frozen(kw_only=True)
class HeatGrid:
    """The geometry of a heat map: cells, axis labels and the size of the picture."""

    width: float
    height: float
    cells: tuple[HeatCell, ...]
    row_labels: tuple[Label, ...]
    col_labels: tuple[Label, ...]
    row_title: Label
    col_title: Label
    total: int


@attrs.frozen(kw_only=True)
class CellInput:
    """What :func:`heat_grid` needs of one cell (geometry aside)."""

    likelihood: int
    impact: int
    besaran: int
    band: str
    colour: str
    codes: tuple[str, ...]


_CELL_W = 100.0
_CELL_H = 86.0
_LEFT = 112.0
_TOP = 8.0
_BOTTOM = 46.0
_CODE_SIZE = 7.0
_LABEL_SIZE = 8.0
_MORE = "+{n}"


def heat_grid(
    cells: Sequence[CellInput],
    *,
    likelihood_names: Sequence[str],
    impact_names: Sequence[str],
    row_title: str,
    col_title: str,
    more: str = _MORE,
) -> HeatGrid:
    """Lay out a heat map: likelihood rows from the highest at the top, impact columns from
    the lowest at the left, as on the official *Matriks Analisis Risiko 5 x 5*.

    Examples:
        >>> g = heat_grid([CellInput(likelihood=1, impact=1, besaran=1, band="Sangat Rendah",
        ...                          colour="#32bdea", codes=("R-1",))],
        ...               likelihood_names=["Hampir Tidak Terjadi"], impact_names=["Minor"],
        ...               row_title="Kemungkinan", col_title="Dampak")
        >>> (g.width, g.height, g.total, g.cells[0].count_label.text)
        (214.0, 140.0, 1, '1')
    """
    n_l, n_i = len(likelihood_names), len(impact_names)
    out: list[HeatCell] = []
    max_lines = int((_CELL_H - 40) // (_CODE_SIZE + 2))
    for c in cells:
        x = _LEFT + (c.impact - 1) * _CELL_W
        y = _TOP + (n_l - c.likelihood) * _CELL_H
        lines, rest = wrap_codes(c.codes, width=_CELL_W - 8, size=_CODE_SIZE, max_lines=max_lines)
        if rest:  # keep the last line for "+N more"
            lines, rest = wrap_codes(
                c.codes, width=_CELL_W - 8, size=_CODE_SIZE, max_lines=max_lines - 1
            )
        first = y + 44
        code_lines = tuple(
            Label(x=x + _CELL_W / 2, y=first + k * (_CODE_SIZE + 2), text=line)
            for k, line in enumerate(lines)
        )
        more_label = None
        if rest:
            more_label = Label(
                x=x + _CELL_W / 2,
                y=first + len(lines) * (_CODE_SIZE + 2),
                text=more.format(n=rest),
            )
        out.append(
            HeatCell(
                likelihood=c.likelihood,
                impact=c.impact,
                besaran=c.besaran,
                band=c.band,
                colour=c.colour,
                ink=ink(c.colour),
                count=len(c.codes),
                codes=c.codes,
                x=x,
                y=y,
                w=_CELL_W,
                h=_CELL_H,
                besaran_label=Label(x=x + 4, y=y + 11, text=str(c.besaran), anchor="start"),
                count_label=Label(x=x + _CELL_W / 2, y=y + 34, text=str(len(c.codes))),
                code_lines=code_lines,
                more=more_label,
            )
        )
    row_labels: list[Label] = []
    for level, name in enumerate(likelihood_names, 1):
        y_mid = _TOP + (n_l - level) * _CELL_H + _CELL_H / 2
        words = wrap_words(f"{level} {name}", width=_LEFT - 30, size=_LABEL_SIZE)
        top = y_mid - (len(words) - 1) * (_LABEL_SIZE + 2) / 2 + 3
        row_labels += [
            Label(x=_LEFT - 6, y=top + k * (_LABEL_SIZE + 2), text=w, anchor="end")
            for k, w in enumerate(words)
        ]
    col_labels: list[Label] = []
    grid_bottom = _TOP + n_l * _CELL_H
    for level, name in enumerate(impact_names, 1):
        x_mid = _LEFT + (level - 0.5) * _CELL_W
        words = wrap_words(f"{level} {name}", width=_CELL_W - 6, size=_LABEL_SIZE, max_lines=2)
        col_labels += [
            Label(x=x_mid, y=grid_bottom + 14 + k * (_LABEL_SIZE + 2), text=w)
            for k, w in enumerate(words)
        ]
    width = _LEFT + n_i * _CELL_W + 2
    height = grid_bottom + _BOTTOM
    return HeatGrid(
        width=width,
        height=height,
        cells=tuple(out),
        row_labels=tuple(row_labels),
        col_labels=tuple(col_labels),
        row_title=Label(x=12, y=_TOP + n_l * _CELL_H / 2, text=row_title),
        col_title=Label(x=_LEFT + n_i * _CELL_W / 2, y=height - 8, text=col_title),
        total=sum(len(c.codes) for c in cells),
    )


@attrs.frozen(kw_only=True)
class Bar:
    """One segment of a stacked bar: a band's count for one unit."""

    x: float
    w: float
    colour: str
    ink: str
    count: int
    label: Label | None


@attrs.frozen(kw_only=True)
class BarRow:
    """One unit's stacked bar and its label."""

    y: float
    h: float
    label: Label
    total: Label
    bars: tuple[Bar, ...]


@attrs.frozen(kw_only=True)
class LegendItem:
    """A colour swatch and its label."""

    x: float
    y: float
    colour: str
    label: Label


@attrs.frozen(kw_only=True)
class BarChart:
    """A horizontal stacked bar chart of risk levels per unit, with a legend."""

    width: float
    height: float
    rows: tuple[BarRow, ...]
    legend: tuple[LegendItem, ...]
    axis_x: float
    axis_bottom: float


_BAR_LABEL_W = 230.0
_BAR_W = 440.0
_BAR_H = 16.0
_BAR_GAP = 6.0


def bar_chart(
    rows: Sequence[tuple[str, Sequence[int]]],
    bands: Sequence[tuple[str, str]],
) -> BarChart:
    """Lay out stacked bars: ``rows`` are ``(label, counts per band)``; ``bands`` are
    ``(name, colour)`` in the same order as the counts.

    Examples:
        >>> c = bar_chart([("Dispendukcapil", [1, 2])], [("Rendah", "#00b050"),
        ...                                              ("Tinggi", "#ff0000")])
        >>> [(b.count, b.w) for b in c.rows[0].bars]
        [(1, 146.67), (2, 293.33)]
    """
    top = max((sum(counts) for _, counts in rows), default=0) or 1
    scale = _BAR_W / top
    out: list[BarRow] = []
    y = 4.0
    for name, counts in rows:
        x = _BAR_LABEL_W
        bars: list[Bar] = []
        for (_, colour), count in zip(bands, counts, strict=True):
            if not count:
                continue
            w = round(count * scale, 2)
            label = None
            if w >= 7 * len(str(count)):
                label = Label(x=round(x + w / 2, 2), y=y + _BAR_H - 4.5, text=str(count))
            bars.append(
                Bar(x=round(x, 2), w=w, colour=colour, ink=ink(colour), count=count, label=label)
            )
            x += w
        short = wrap_words(name, width=_BAR_LABEL_W - 10, size=8, max_lines=1)
        out.append(
            BarRow(
                y=y,
                h=_BAR_H,
                label=Label(
                    x=_BAR_LABEL_W - 6,
                    y=y + _BAR_H - 4.5,
                    text=short[0] if short else "",
                    anchor="end",
                ),
                total=Label(
                    x=round(x + 4, 2), y=y + _BAR_H - 4.5, text=str(sum(counts)), anchor="start"
                ),
                bars=tuple(bars),
            )
        )
        y += _BAR_H + _BAR_GAP
    legend_y = y + 14
    legend: list[LegendItem] = []
    lx = _BAR_LABEL_W
    for name, colour in bands:
        label = Label(x=round(lx + 14, 2), y=legend_y, text=name, anchor="start")
        legend.append(LegendItem(x=round(lx, 2), y=legend_y - 9, colour=colour, label=label))
        lx += 14 + len(name) * 8 * CHAR_EM + 16
    return BarChart(
        width=max(_BAR_LABEL_W + _BAR_W + 40, lx),
        height=legend_y + 8,
        rows=tuple(out),
        legend=tuple(legend),
        axis_x=_BAR_LABEL_W,
        axis_bottom=y,
    )
