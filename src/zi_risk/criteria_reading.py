"""Reading risk criteria: shipped presets, criteria files and inline mappings, all checked.

Criteria come from a named preset (:data:`PRESET_NAMES`), a YAML or JSON file,
or a mapping given inline in a register; all three are checked the same way and
every problem is reported with its place (:class:`~zi_risk.errors.CriteriaError`).
A preset is itself a criteria file shipped in ``zi_risk/criteria_presets/``, and
``extends: PRESET`` starts from one, so presets are read here too. The public
names are also importable from :mod:`zi_risk.criteria`.
"""

from __future__ import annotations

import difflib
import functools
import importlib.resources
import re
from pathlib import Path
from typing import Any

from .criteria import Band, Dimension, RiskCriteria, ScaleLevel
from .errors import CriteriaError, LoadError, Location, OutputError, Problem, UsageError
from .source import DataPath, PlainSource, Source, format_path, parse_file, parse_text

__all__ = [
    "DEFAULT_PRESET",
    "PRESET_NAMES",
    "criteria_from_data",
    "default_criteria",
    "load_criteria",
    "preset",
    "resolve_criteria",
]

DEFAULT_PRESET = "bpkp-2019"
"""The preset a register uses when it names no ``criteria:``."""

PRESET_NAMES: tuple[str, ...] = (
    "bpkp-2019",
    "bpkp-2019-kl",
    "bpkp-2019-variant-b",
    "bpkp-2019-variant-c",
    "plain-5x5",
)
"""The presets shipped in ``zi_risk/criteria_presets/``, default first."""


# --------------------------------------------------------------------------- messages

_MSG: dict[str, str] = {
    "mapping": "expected a mapping",
    "list": "expected a list",
    "text": "expected text",
    "int": "expected a whole number",
    "int_range": "expected a whole number from {lo} to {hi}",
    "bool": "expected true or false",
    "missing": "expected {what}; it is missing",
    "unknown_key": "expected only the keys {keys}",
    "did_you_mean": "did you mean {names}?",
    "level_count": "expected at least {n} entries",
    "level_value": "expected level {n} here (levels are numbered 1..n in order)",
    "dim_dup": "expected each key once, found it again",
    "dim_key": "expected a key of letters, digits and underscores, starting with a letter",
    "criteria_key": "expected {kind} key ({keys})",
    "grid_form": "expected a mapping from each likelihood level to its row, or 'product'",
    "grid_rows": "expected one row for each likelihood level {levels}",
    "grid_row_key": "expected a likelihood level from 1 to {n}",
    "grid_row_len": "expected {n} besaran values, one per impact level 1..{n}",
    "at_least": "expected a whole number of at least {lo}",
    "grid_left": (
        "expected likelihood {l} x impact {i} to be at least {prev}, "
        "the besaran to its left (likelihood {l} x impact {pi})"
    ),
    "grid_below": (
        "expected likelihood {l} x impact {i} to be at least {prev}, "
        "the besaran below it (likelihood {pl} x impact {i})"
    ),
    "grid_hint": "set allow_decreasing: true if the grid may decrease",
    "band_range": "expected a high end of at least {low} (the band's low end)",
    "band_next": "expected this band to start at {n}, right after the band before it",
    "band_gap_hint": "besaran {span} would be in no band",
    "band_overlap_hint": "besaran {span} would be in two bands",
    "band_in_none": (
        "expected besaran {v} (likelihood {l} x impact {i}) to fall in a band; no band holds it"
    ),
    "colour": "expected a colour written #rrggbb",
    "appetite": "expected a besaran from {lo} to {hi} (the range of the grid)",
    "spec": "expected a preset name, a criteria file path or a mapping",
    "preset": "expected a preset name ({names}) or the path of a criteria file",
    "no_file": "expected a criteria file; there is no file {path}",
    "read": "expected a readable criteria file: {reason}",
    "extends": "expected the name of a preset ({names})",
    "empty": "expected criteria, got an empty file",
    "inherited": "inherited from preset {name}",
}

# what a missing key should have held, for the "missing" message
_WHAT: dict[str, str] = {
    "likelihood": "a likelihood scale",
    "impact": "an impact scale",
    "grid": "a grid",
    "bands": "a list of bands",
    "appetite": "an appetite (a besaran)",
    "levels": "a list of levels",
    "value": "a level number",
    "name_id": "an Indonesian name",
    "key": "a key",
    "level": "a level number",
    "low": "the lowest besaran of the band",
    "high": "the highest besaran of the band",
    "colour": "a colour written #rrggbb",
    "action_id": "the required action in Indonesian",
}

_TOP_KEYS = (
    "name",
    "title",
    "source",
    "notes",
    "extends",
    "appetite",
    "allow_decreasing",
    "likelihood",
    "impact",
    "grid",
    "bands",
)
_REQUIRED_TOP = ("likelihood", "impact", "grid", "bands", "appetite")
_SCALE_KEYS = {"likelihood": ("dimensions", "levels"), "impact": ("areas", "levels")}
_DIM_OF = {
    "likelihood": ("dimensions", "a likelihood dimension"),
    "impact": ("areas", "an impact area"),
}
_LEVEL_KEYS = ("value", "name_id", "name_en", "criteria")
_DIM_KEYS = ("key", "name_id", "name_en")
_BAND_KEYS = ("level", "name_id", "name_en", "low", "high", "colour", "action_id", "action_en")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_MIN_LEVELS = 2


def _did_you_mean(word: str, names: tuple[str, ...] | list[str]) -> str | None:
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    if not close:
        return None
    return _MSG["did_you_mean"].format(names=" or ".join(repr(c) for c in close))


# --------------------------------------------------------------------------- reading


class _Where:
    """Locates data paths in the user's source; keys inherited through ``extends``
    are located at the ``extends`` key and say which preset they came from."""

    def __init__(
        self,
        source: Source,
        prefix: DataPath,
        base: str | None = None,
        own: frozenset[str] = frozenset(),
    ) -> None:
        self._source = source
        self._prefix = prefix
        self._base = base
        self._own = own

    def inherited(self, path: DataPath) -> str | None:
        """The preset that ``path`` was inherited from, if it was."""
        if self._base is None:
            return None
        rest = path[len(self._prefix) :]
        return self._base if rest and rest[0] not in self._own else None

    def at(self, path: DataPath) -> Location:
        """The location of ``path``, or of ``extends`` for an inherited path."""
        if self.inherited(path) is not None:
            return self._source.at((*self._prefix, "extends"))
        return self._source.at(path)


class _Reader:
    """Collects located problems while criteria data is turned into objects."""

    def __init__(self, where: _Where, prefix: DataPath) -> None:
        self._where = where
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, sub: DataPath, expected: str, *args: Any, hint: str | None = None) -> None:
        """Record a problem at ``sub``; ``args`` holds the offending value, if any."""
        path = (*self.prefix, *sub)
        field = format_path(path) or None
        base = self._where.inherited(path)
        if base is not None:
            note = _MSG["inherited"].format(name=base)
            hint = f"{hint}; {note}" if hint else note
        if args:
            loc = self._where.at(path)
            self.problems.append(Problem(loc, None, field, expected, args[0], hint))
        else:
            self.problems.append(Problem(self._where.at(path), None, field, expected, hint=hint))

    def mapping(self, value: Any, sub: DataPath) -> dict[Any, Any] | None:
        if isinstance(value, dict):
            return value
        self.add(sub, _MSG["mapping"], value)
        return None

    def seq(self, value: Any, sub: DataPath) -> list[Any] | None:
        if isinstance(value, list):
            return value
        self.add(sub, _MSG["list"], value)
        return None

    def keys(
        self,
        data: dict[Any, Any],
        sub: DataPath,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
    ) -> bool:
        ok = True
        for key in data:
            if key not in allowed:
                ok = False
                self.add(
                    (*sub, key),
                    _MSG["unknown_key"].format(keys=", ".join(allowed)),
                    key,
                    hint=_did_you_mean(str(key), allowed),
                )
        for key in required:
            if key not in data:
                ok = False
                self.add((*sub, key), _MSG["missing"].format(what=_WHAT.get(key, key)))
        return ok

    def text(
        self, data: dict[Any, Any], key: str, sub: DataPath, default: str | None = None
    ) -> str:
        value = data.get(key, default)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if key in data or default is None:
            self.add((*sub, key), _MSG["text"], *((value,) if key in data else ()))
        return ""

    def integer(
        self, value: Any, sub: DataPath, lo: int | None = None, hi: int | None = None
    ) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            if (lo is None or value >= lo) and (hi is None or value <= hi):
                return value
            if hi is None:
                self.add(sub, _MSG["at_least"].format(lo=lo), value)
            else:
                self.add(sub, _MSG["int_range"].format(lo=lo, hi=hi), value)
            return 0
        self.add(sub, _MSG["int"], value)
        return 0


def _dimensions(r: _Reader, value: Any, sub: DataPath) -> tuple[Dimension, ...]:
    items = r.seq(value, sub)
    if items is None:
        return ()
    out: list[Dimension] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        here = (*sub, n)
        data = r.mapping(item, here)
        if data is None:
            continue
        r.keys(data, here, _DIM_KEYS, ("key", "name_id"))
        key = data.get("key")
        if "key" in data:
            if not isinstance(key, str) or not _KEY.match(key):
                r.add((*here, "key"), _MSG["dim_key"], key)
                continue
            if key in seen:
                r.add((*here, "key"), _MSG["dim_dup"], key)
                continue
            seen.add(key)
        name_id = r.text(data, "name_id", here)
        name_en = r.text(data, "name_en", here, default=name_id)
        if isinstance(key, str):
            out.append(Dimension(key=key, name_id=name_id, name_en=name_en))
    return tuple(out)


def _levels(
    r: _Reader, value: Any, sub: DataPath, dims: tuple[Dimension, ...], kind: str
) -> tuple[ScaleLevel, ...] | None:
    items = r.seq(value, sub)
    if items is None:
        return None
    if len(items) < _MIN_LEVELS:
        r.add(sub, _MSG["level_count"].format(n=_MIN_LEVELS), len(items))
        return None
    keys = tuple(d.key for d in dims)
    out: list[ScaleLevel] = []
    ok = True
    for n, item in enumerate(items, 1):
        here = (*sub, n - 1)
        data = r.mapping(item, here)
        if data is None:
            ok = False
            continue
        r.keys(data, here, _LEVEL_KEYS, ("value", "name_id"))
        if "value" in data and data["value"] != n:
            r.add((*here, "value"), _MSG["level_value"].format(n=n), data["value"])
        name_id = r.text(data, "name_id", here)
        name_en = r.text(data, "name_en", here, default=name_id)
        crit: list[tuple[str, str]] = []
        raw = data.get("criteria", {})
        texts = r.mapping(raw, (*here, "criteria"))
        for key, text in (texts or {}).items():
            at = (*here, "criteria", key)
            if key not in keys:
                r.add(
                    at,
                    _MSG["criteria_key"].format(kind=kind, keys=", ".join(keys) or "none defined"),
                    key,
                    hint=_did_you_mean(str(key), keys),
                )
            elif not isinstance(text, str | int | float) or isinstance(text, bool):
                r.add(at, _MSG["text"], text)
            else:
                crit.append((key, str(text).strip()))
        crit.sort(key=lambda kv: keys.index(kv[0]))
        out.append(ScaleLevel(value=n, name_id=name_id, name_en=name_en, criteria=tuple(crit)))
    return tuple(out) if ok else None


def _scale(
    r: _Reader, data: dict[Any, Any], axis: str
) -> tuple[tuple[ScaleLevel, ...] | None, tuple[Dimension, ...]]:
    section = r.mapping(data[axis], (axis,))
    if section is None:
        return None, ()
    dim_key, kind = _DIM_OF[axis]
    r.keys(section, (axis,), _SCALE_KEYS[axis], ("levels",))
    dims = _dimensions(r, section[dim_key], (axis, dim_key)) if dim_key in section else ()
    if "levels" not in section:
        return None, dims
    return _levels(r, section["levels"], (axis, "levels"), dims, kind), dims


def _row_key(key: Any) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and key.strip().isdigit():
        return int(key)
    return None


def _grid(r: _Reader, value: Any, n_l: int, n_i: int) -> tuple[tuple[int, ...], ...] | None:
    """Read the grid; ``None`` when it has problems (they are recorded)."""
    if value == "product":
        return tuple(tuple(lv * iv for iv in range(1, n_i + 1)) for lv in range(1, n_l + 1))
    if not isinstance(value, dict):
        r.add(("grid",), _MSG["grid_form"], value)
        return None
    rows: dict[int, tuple[Any, list[Any]]] = {}
    ok = True
    for key, row in value.items():
        level = _row_key(key)
        if level is None or not 1 <= level <= n_l or level in rows:
            r.add(("grid", key), _MSG["grid_row_key"].format(n=n_l), key)
            ok = False
            continue
        if not isinstance(row, list):
            r.add(("grid", key), _MSG["list"], row)
            ok = False
            continue
        if len(row) != n_i:
            r.add(("grid", key), _MSG["grid_row_len"].format(n=n_i), len(row))
            ok = False
        rows[level] = (key, row)
    missing = [lv for lv in range(1, n_l + 1) if lv not in rows]
    if missing and ok:
        levels = "1.." + str(n_l)
        r.add(("grid",), _MSG["grid_rows"].format(levels=levels), f"no row for {missing}")
        ok = False
    for key, row in rows.values():
        for i, cell in enumerate(row):
            before = len(r.problems)
            r.integer(cell, ("grid", key, i), lo=1)
            ok = ok and len(r.problems) == before
    if not ok:
        return None
    return tuple(tuple(rows[lv][1]) for lv in range(1, n_l + 1))


def _grid_at(value: Any, lv: int, iv: int) -> DataPath:
    """The data path of a grid cell, using the row key as written."""
    if isinstance(value, dict):
        for key in value:
            if _row_key(key) == lv:
                return ("grid", key, iv - 1)
    return ("grid",)


def _monotone(r: _Reader, raw: Any, grid: tuple[tuple[int, ...], ...]) -> None:
    for lv, row in enumerate(grid, 1):
        for iv, cell in enumerate(row, 1):
            if iv > 1 and cell < row[iv - 2]:
                msg = _MSG["grid_left"].format(prev=row[iv - 2], l=lv, i=iv, pi=iv - 1)
                r.add(_grid_at(raw, lv, iv), msg, cell, hint=_MSG["grid_hint"])
            if lv > 1 and cell < grid[lv - 2][iv - 1]:
                msg = _MSG["grid_below"].format(prev=grid[lv - 2][iv - 1], l=lv, i=iv, pl=lv - 1)
                r.add(_grid_at(raw, lv, iv), msg, cell, hint=_MSG["grid_hint"])


def _bands(r: _Reader, value: Any) -> tuple[Band, ...] | None:
    items = r.seq(value, ("bands",))
    if items is None:
        return None
    if not items:
        r.add(("bands",), _MSG["level_count"].format(n=1), 0)
        return None
    out: list[Band] = []
    ranges: dict[int, tuple[int, int]] = {}  # index -> (low, high) of bands with a valid range
    ok = True
    for n, item in enumerate(items, 1):
        here: DataPath = ("bands", n - 1)
        before = len(r.problems)
        data = r.mapping(item, here)
        if data is None:
            ok = False
            continue
        r.keys(data, here, _BAND_KEYS, ("name_id", "low", "high", "colour", "action_id"))
        if "level" in data and data["level"] != n:
            r.add((*here, "level"), _MSG["level_value"].format(n=n), data["level"])
        name_id = r.text(data, "name_id", here)
        name_en = r.text(data, "name_en", here, default=name_id)
        action_id = r.text(data, "action_id", here)
        action_en = r.text(data, "action_en", here, default=action_id)
        colour = data.get("colour")
        if "colour" in data and not (isinstance(colour, str) and _COLOUR.match(colour)):
            r.add((*here, "colour"), _MSG["colour"], colour)
        mark = len(r.problems)
        low = r.integer(data["low"], (*here, "low"), lo=1) if "low" in data else 0
        high = r.integer(data["high"], (*here, "high"), lo=1) if "high" in data else 0
        if len(r.problems) == mark and "low" in data and "high" in data:
            if low > high:
                r.add((*here, "high"), _MSG["band_range"].format(low=low), high)
            else:
                ranges[n - 1] = (low, high)
        if len(r.problems) > before:
            ok = False
            continue
        out.append(
            Band(
                level=n,
                name_id=name_id,
                name_en=name_en,
                low=low,
                high=high,
                colour=str(colour).lower(),
                action_id=action_id,
                action_en=action_en,
            )
        )
    for k in range(1, len(items)):
        if k - 1 not in ranges or k not in ranges:
            continue  # a band without a valid range was reported already
        (_, prev_high), (low, _) = ranges[k - 1], ranges[k]
        if low != prev_high + 1:
            ok = False
            if low > prev_high + 1:
                span = _span(prev_high + 1, low - 1)
                hint = _MSG["band_gap_hint"].format(span=span)
            else:
                hint = _MSG["band_overlap_hint"].format(span=_span(low, prev_high))
            r.add(("bands", k, "low"), _MSG["band_next"].format(n=prev_high + 1), low, hint=hint)
    return tuple(out) if ok else None


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _cover(
    r: _Reader, raw: Any, grid: tuple[tuple[int, ...], ...], bands: tuple[Band, ...]
) -> bool:
    held = {v for b in bands for v in range(b.low, b.high + 1)}
    seen: set[int] = set()
    ok = True
    for lv, row in enumerate(grid, 1):
        for iv, cell in enumerate(row, 1):
            if cell not in held and cell not in seen:
                seen.add(cell)
                r.add(_grid_at(raw, lv, iv), _MSG["band_in_none"].format(v=cell, l=lv, i=iv), cell)
                ok = False
    return ok


def _read(data: Any, where: _Where, prefix: DataPath, default_name: str) -> RiskCriteria:
    r = _Reader(where, prefix)
    root = r.mapping(data, ())
    if root is None:
        raise CriteriaError(r.problems)
    r.keys(root, (), _TOP_KEYS, _REQUIRED_TOP)
    name = r.text(root, "name", (), default=default_name)
    title = r.text(root, "title", (), default=name)
    source = r.text(root, "source", (), default="")
    notes = r.text(root, "notes", (), default="")
    allow = root.get("allow_decreasing", False)
    if not isinstance(allow, bool):
        r.add(("allow_decreasing",), _MSG["bool"], allow)
        allow = False
    likelihood, l_dims = _scale(r, root, "likelihood") if "likelihood" in root else (None, ())
    impact, areas = _scale(r, root, "impact") if "impact" in root else (None, ())
    grid = None
    if likelihood is not None and impact is not None and "grid" in root:
        grid = _grid(r, root["grid"], len(likelihood), len(impact))
    elif "grid" in root and root["grid"] != "product" and not isinstance(root["grid"], dict):
        r.add(("grid",), _MSG["grid_form"], root["grid"])
    bands = _bands(r, root["bands"]) if "bands" in root else None
    if grid is not None and not allow:
        _monotone(r, root["grid"], grid)
    if grid is not None and bands is not None:
        _cover(r, root["grid"], grid, bands)
    before = len(r.problems)
    appetite = r.integer(root["appetite"], ("appetite",), lo=1) if "appetite" in root else 0
    if grid is not None and "appetite" in root and len(r.problems) == before:
        lo, hi = min(min(row) for row in grid), max(max(row) for row in grid)
        if not lo <= appetite <= hi:
            r.add(("appetite",), _MSG["appetite"].format(lo=lo, hi=hi), appetite)
    if r.problems:
        raise CriteriaError(r.problems)
    assert likelihood is not None
    assert impact is not None
    assert grid is not None
    assert bands is not None
    return RiskCriteria(
        name=name,
        title=title,
        likelihood=likelihood,
        impact=impact,
        likelihood_dimensions=l_dims,
        impact_areas=areas,
        grid=grid,
        bands=bands,
        appetite=appetite,
        source=source,
        notes=notes,
        allow_decreasing=allow,
    )


def _merge_extends(data: Any, source: Source, prefix: DataPath) -> tuple[Any, _Where]:
    """Overlay ``data`` on the preset it ``extends:``, if it names one."""
    if not isinstance(data, dict) or "extends" not in data:
        return data, _Where(source, prefix)
    base_name = data["extends"]
    if not isinstance(base_name, str) or base_name not in PRESET_NAMES:
        hint = _did_you_mean(base_name, PRESET_NAMES) if isinstance(base_name, str) else None
        msg = _MSG["extends"].format(names=", ".join(PRESET_NAMES))
        path = (*prefix, "extends")
        raise CriteriaError(
            [Problem(source.at(path), None, format_path(path), msg, base_name, hint)]
        )
    merged = {**_preset_data(base_name), **data}
    del merged["extends"]
    if "name" not in data:
        merged.pop("name", None)
    own = frozenset(k for k in data if isinstance(k, str))
    return merged, _Where(source, prefix, base_name, own)


def criteria_from_data(
    data: Any, *, source: Source | None = None, path: DataPath = (), name: str = "custom"
) -> RiskCriteria:
    """Check criteria given as parsed data (the file shape) and build them.

    ``source`` and ``path`` locate the data (``source.at((*path, "grid"))``);
    ``name`` is used when the data has no ``name:``. A top-level
    ``extends: PRESET`` starts from that preset and replaces the sections given.

    Raises:
        CriteriaError: with every problem found, each with its place.

    Examples:
        >>> c = criteria_from_data({"extends": "bpkp-2019", "appetite": 16})
        >>> c.name, c.appetite, c.besaran(2, 2)
        ('custom', 16, 7)
        >>> try:
        ...     criteria_from_data({"extends": "bpkp-2019", "bands": [], "apetite": 16})
        ... except CriteriaError as exc:
        ...     print(exc)
        2 problems:
        <input>:apetite: apetite: expected only the keys name, title, source, notes, extends, \
appetite, allow_decreasing, likelihood, impact, grid, bands, got 'apetite' \
(did you mean 'appetite'?)
        <input>:bands: bands: expected at least 1 entries, got 0
    """
    src: Source = source if source is not None else PlainSource("<input>")
    merged, where = _merge_extends(data, src, path)
    return _read(merged, where, path, name)


# --------------------------------------------------------------------------- presets


@functools.cache
def _preset_text(name: str) -> str:
    files = importlib.resources.files("zi_risk") / "criteria_presets"
    return (files / f"{name}.yaml").read_text(encoding="utf-8")


@functools.cache
def _preset_data(name: str) -> dict[str, Any]:
    data, _ = parse_text(_preset_text(name), f"criteria_presets/{name}.yaml")
    assert isinstance(data, dict)
    return data


@functools.cache
def _preset(name: str) -> RiskCriteria:
    data, source = parse_text(_preset_text(name), f"criteria_presets/{name}.yaml")
    return criteria_from_data(data, source=source, name=name)


def preset(name: str) -> RiskCriteria:
    """The shipped criteria preset called ``name`` (one of :data:`PRESET_NAMES`).

    Raises:
        UsageError: there is no such preset; the message suggests close names.

    Examples:
        >>> preset("bpkp-2019-kl").impact[1].name_id
        'Kurang Signifikan'
        >>> preset("bpkp2019")
        Traceback (most recent call last):
        ...
        zi_risk.errors.UsageError: no criteria preset 'bpkp2019' (did you mean 'bpkp-2019'?)
    """
    if name not in PRESET_NAMES:
        hint = _did_you_mean(name, PRESET_NAMES)
        text = f"no criteria preset {name!r}"
        names = ", ".join(PRESET_NAMES)
        raise UsageError(f"{text} ({hint})" if hint else f"{text}; presets: {names}")
    return _preset(name)


def default_criteria() -> RiskCriteria:
    """The BPKP (Perdep PPKD 4/2019) 5x5 criteria used by Indonesian local governments.

    Examples:
        >>> default_criteria() is preset("bpkp-2019")
        True
    """
    return preset(DEFAULT_PRESET)


def load_criteria(path: Path | str) -> RiskCriteria:
    """Read and check a criteria file (YAML or JSON); its name defaults to the file stem.

    Raises:
        CriteriaError: the file is malformed; every problem is listed with its line.
        OutputError: the file cannot be read.
    """
    path = Path(path)
    try:
        data, source = parse_file(path)
    except CriteriaError:
        raise
    except LoadError as exc:
        raise CriteriaError(exc.problems) from None
    if data is None:
        raise CriteriaError([Problem(Location(file=str(path)), None, None, _MSG["empty"])])
    return criteria_from_data(data, source=source, name=path.stem)


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.lower().endswith((".yaml", ".yml", ".json"))


def resolve_criteria(
    spec: Any, *, source: Source, path: DataPath, base_dir: Path | None = None
) -> RiskCriteria:
    """Turn a register's ``criteria:`` value into checked criteria.

    ``spec`` is a preset name, the path of a criteria file (relative to
    ``base_dir``), or a mapping of inline criteria. ``source.at(path)`` locates
    ``spec`` in the register. ``None`` gives the default preset.

    Raises:
        CriteriaError: with every problem, located in the register or the criteria file.

    Examples:
        >>> from zi_risk.source import parse_text
        >>> data, src = parse_text("criteria: bpkp-2019-varian-b\\n", "reg.yaml")
        >>> try:
        ...     resolve_criteria(data["criteria"], source=src, path=("criteria",))
        ... except CriteriaError as exc:
        ...     print(exc)
        reg.yaml:1:1: criteria: expected a preset name (bpkp-2019, bpkp-2019-kl, \
bpkp-2019-variant-b, bpkp-2019-variant-c, plain-5x5) or the path of a criteria file, \
got 'bpkp-2019-varian-b' (did you mean 'bpkp-2019-variant-b'?)
    """
    field = format_path(path) or None
    if spec is None:
        return default_criteria()
    if isinstance(spec, dict):
        return criteria_from_data(spec, source=source, path=path)
    if not isinstance(spec, str):
        raise CriteriaError([Problem(source.at(path), None, field, _MSG["spec"], spec)])
    name = spec.strip()
    if name in PRESET_NAMES:
        return preset(name)
    file = Path(name)
    if not file.is_absolute() and base_dir is not None:
        file = base_dir / file
    if not _looks_like_path(name) and not file.is_file():
        msg = _MSG["preset"].format(names=", ".join(PRESET_NAMES))
        hint = _did_you_mean(name, PRESET_NAMES)
        raise CriteriaError([Problem(source.at(path), None, field, msg, spec, hint)])
    if not file.is_file():
        msg = _MSG["no_file"].format(path=file)
        raise CriteriaError([Problem(source.at(path), None, field, msg)])
    try:
        return load_criteria(file)
    except OutputError as exc:
        msg = _MSG["read"].format(reason=exc)
        raise CriteriaError([Problem(source.at(path), None, field, msg)]) from None
