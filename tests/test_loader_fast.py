"""Tests of the loader's fast path: it gives exactly what the careful readers give.

The fast path builds well-formed risks and controls directly and leaves anything
unusual to the careful readers; these properties hold that a register, valid or
not, loads to the same register or the same problems with or without it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zi_risk import LoadError, Register, fast_records, load_register, records
from zi_risk.dump import dump_data
from zi_risk.synthetic import synthetic_register
from zi_risk.testing import registers

_BASE: dict[str, Any] = {
    "zi_risk": 1,
    "register": {"title": "Register", "organisation": "Kabupaten Uji", "year": 2023},
    "units": [{"id": "u1", "name": "Dinas Uji"}],
    "owners": [{"id": "o1", "position": "Kepala Dinas"}, {"id": "o2", "position": "Auditor"}],
    "services": [
        {"id": "s1", "unit": "u1", "name": "Layanan", "steps": ["Pendaftaran", "Verifikasi"]}
    ],
    "risks": [
        {
            "id": "R-1",
            "service": "s1",
            "step": "Verifikasi",
            "name": "Pungutan liar",
            "scenario": "Petugas meminta imbalan",
            "group": ["extortion", "bribery"],
            "scheme": "pungli",
            "causes": ["Tarif tidak dipasang", "Tunai"],
            "effects": ["Biaya tidak resmi"],
            "owner": "o1",
            "inherent": {
                "likelihood": 4,
                "impact": {"keuangan": 3, "reputasi": 4},
                "rationale": "3",
            },
            "residual": {"likelihood": 2, "impact": 3},
            "target": {"likelihood": 1, "impact": 3},
            "treatment": "accept",
            "acceptance": {"approved_by": "o1", "date": dt.date(2023, 5, 1), "rationale": "Biaya"},
        },
        {
            "id": "R-2",
            "service": "s1",
            "name": "Calo",
            "group": "bribery",
            "inherent": {"likelihood": 3, "impact": 2},
            "treatment": "reduce",
        },
    ],
    "controls": [
        {
            "id": "C-1",
            "name": "Maklumat",
            "description": "Di loket",
            "type": "preventive",
            "status": "implemented",
            "adequacy": "adequate",
            "owner": "o1",
            "mitigates": ["R-1", "R-2"],
            "indicator": "Terpasang",
            "evidence": [
                {"title": "SK", "date": dt.date(2023, 1, 2), "ref": "arsip/sk.pdf"},
                "Foto maklumat",
            ],
            "tests": [
                {"date": dt.date(2023, 8, 1), "result": "effective", "by": "o2", "note": "ok"}
            ],
        },
        {
            "id": "C-2",
            "name": "Antrean daring",
            "type": "detective",
            "status": "planned",
            "mitigates": "R-2",
            "due": "2024-Q1",
            "budget": 5_000_000,
        },
        {
            "id": "C-3",
            "name": "Tindak lanjut",
            "type": "corrective",
            "status": "in_progress",
            "mitigates": ["R-1"],
            "due": dt.date(2024, 2, 1),
        },
    ],
}
"""One record of every shape the fast path reads, each optional field present somewhere."""


@contextmanager
def careful_only() -> Iterator[None]:
    """Turn the fast path off: every record goes through the careful readers."""

    def slow(*args: Any) -> Any:
        raise fast_records._Slow

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fast_records._FastReader, "risk", slow)
        mp.setattr(fast_records._FastReader, "control", slow)
        yield


def outcome(data: dict[str, Any]) -> Register | str:
    """The loaded register, or the text of the LoadError."""
    try:
        return load_register(copy.deepcopy(data))
    except LoadError as exc:
        return str(exc)


def both(data: dict[str, Any]) -> tuple[Register | str, Register | str]:
    """The outcome with the fast path, then without it."""
    fast = outcome(data)
    with careful_only():
        careful = outcome(data)
    return fast, careful


def test_the_base_register_is_valid() -> None:
    """The register the mutations start from loads, on both paths, to the same register."""
    fast, careful = both(_BASE)
    assert isinstance(fast, Register)
    assert fast == careful


def test_the_fast_path_is_taken_for_plain_records() -> None:
    """Well-formed records never reach the careful readers."""
    calls: list[str] = []
    original = records._Build.risk

    def spy(self: Any, *args: Any) -> Any:
        calls.append("risk")
        return original(self, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(records._Build, "risk", spy)
        load_register(dump_data(synthetic_register(units=1, seed=2, risks_per_unit=20)))
    assert calls == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers())
def test_valid_registers_load_equal_both_ways(register: Register) -> None:
    """Any valid register, as YAML-like data and as JSON data, loads equal on both paths."""
    data = dump_data(register)
    as_json = json.loads(json.dumps(data, default=str))
    for form in (data, as_json):
        fast, careful = both(form)
        assert fast == careful == register


_FIELDS = sorted(
    {*records._RISK_FIELDS, *records._CONTROL_FIELDS, "impact", "likelihood"}
    | {"title", "date", "ref", "result", "by", "note", "rationale", "approved_by", "bogus"}
)


def _nested(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Lists and field mappings of ``inner`` values (a named function: hypothesis reads
    a recursive strategy's source to check that it recurses)."""
    return st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(_FIELDS), inner, max_size=4
    )


_ODD = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-2, 30)
    | st.floats(-3, 30, allow_nan=False)
    | st.sampled_from(
        [
            "",
            "  ",
            "x y",
            "R-0001-001",
            "pungli",
            "Suap",
            "extortion",
            "preventive",
            "planned",
            "Terpasang",
            "adequate",
            "effective",
            "reduce",
            "2023-Q1",
            "2023-13-01",
            " 2023-02-03 ",
            "keuangan",
            "irban-1",
            "a\n",
        ]
    )
    | st.dates(dt.date(2020, 1, 1), dt.date(2025, 1, 1))
    | st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2025, 1, 1)),
    _nested,
    max_leaves=8,
)


def _near(value: Any) -> list[Any]:
    """Values close to ``value`` that a person or a tool might write instead of it."""
    if isinstance(value, bool) or value is None:
        return [None, True, 0, "ya"]
    if isinstance(value, int):
        return [0, -1, value + 10, True, float(value), value + 0.5, str(value), None]
    if isinstance(value, str):
        return ["", "  ", f" {value} ", value + "\n", value.upper(), value[:1], 7, None, [value]]
    if isinstance(value, dt.date):
        return [dt.datetime(value.year, value.month, value.day), value.isoformat(), "2023-02-30"]
    return [None, "x", 3]


@st.composite
def _mutate(draw: st.DrawFn, value: Any) -> Any:
    """``value`` with one change somewhere inside it."""
    if isinstance(value, dict) and value:
        how = draw(st.sampled_from(["inner", "inner", "inner", "drop", "add", "odd"]))
        out = dict(value)
        if how == "inner":
            key = draw(st.sampled_from(sorted(out)))
            out[key] = draw(_mutate(out[key]))
        elif how == "drop":
            del out[draw(st.sampled_from(sorted(out)))]
        elif how == "add":
            out[draw(st.sampled_from(_FIELDS))] = draw(_ODD)
        else:
            return draw(_ODD)
        return out
    if isinstance(value, list) and value:
        how = draw(st.sampled_from(["inner", "inner", "unwrap", "empty", "append", "odd"]))
        out_list = list(value)
        if how == "inner":
            i = draw(st.integers(0, len(out_list) - 1))
            out_list[i] = draw(_mutate(out_list[i]))
        elif how == "unwrap":
            return out_list[0]
        elif how == "empty":
            return []
        elif how == "append":
            out_list.append(draw(st.one_of(st.sampled_from(out_list), _ODD)))
        else:
            return draw(_ODD)
        return out_list
    return draw(st.sampled_from(_near(value)) | _ODD)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The base register with one change somewhere in one risk or control."""
    data = copy.deepcopy(_BASE)
    if draw(st.booleans()):  # as JSON gives it: dates as text
        data = json.loads(json.dumps(data, default=str))
    section = draw(st.sampled_from(["risks", "controls"]))
    index = draw(st.integers(0, len(data[section]) - 1))
    data[section][index] = draw(_mutate(data[section][index]))
    return data


_PLAIN_ODD: list[Any] = [
    None,
    True,
    0,
    1.5,
    "",
    "  ",
    "zz",
    [],
    {},
    ["x"],
    {"bogus": 1},
    dt.datetime(2023, 1, 1, 8, 0),
]


def _variants(value: Any) -> Iterator[Any]:
    """Every single-step change of ``value`` the exhaustive test tries."""
    yield from _near(value)
    yield from _PLAIN_ODD
    if isinstance(value, dict):
        for key in value:
            yield {k: v for k, v in value.items() if k != key}
        yield {**value, "bogus": 1}
    if isinstance(value, list) and value:
        yield value[0]
        yield [*value, value[0]]


def _nodes(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _nodes(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _nodes(inner, (*path, i))


def _replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_every_single_change_gives_the_same_outcome_both_ways(form: str) -> None:
    """Each value of each risk and control, changed in many ways, loads alike on both paths."""
    base = _BASE if form == "yaml" else json.loads(json.dumps(_BASE, default=str))
    tried = 0
    for section in ("risks", "controls"):
        for path in _nodes(base[section], (section,)):
            if len(path) == 1:
                continue
            current = base
            for key in path:
                current = current[key]
            for new in _variants(current):
                data = _replaced(base, path, new)
                fast, careful = both(data)
                assert fast == careful, (path, new)
                tried += 1
    assert tried > 1000


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_odd_records_give_the_same_register_or_the_same_problems(data: dict[str, Any]) -> None:
    """Whatever is wrong with a record, both paths agree on the register or every problem."""
    fast, careful = both(data)
    assert fast == careful


def _format_path_by_parts(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@given(
    st.lists(st.integers(0, 30) | st.sampled_from(["risks", "inherent", "evidence"]), max_size=5)
)
def test_format_path_shortcuts_agree_with_the_general_rule(parts: list[Any]) -> None:
    """The record-shaped shortcuts of format_path write what the part-by-part rule writes."""
    from zi_risk.source import format_path

    assert format_path(tuple(parts)) == _format_path_by_parts(tuple(parts))


def _unit_files(tmp_path: Path, risk_step: str, controls_first: bool) -> Path:
    """A register split so that references point backwards or forwards across files."""
    header = {"zi_risk": 1, "register": {"title": "R", "organisation": "O", "year": 2023}}
    services = {
        "zi_risk": 1,
        "units": [{"id": "u1", "name": "Unit"}],
        "services": [{"id": "s1", "unit": "u1", "name": "S", "steps": ["Loket", "Cetak"]}],
    }
    risks = {
        "zi_risk": 1,
        "risks": [
            {
                "id": "R-1",
                "service": "s1",
                "step": risk_step,
                "name": "Pungli",
                "inherent": {"likelihood": 3, "impact": 3},
            }
        ],
    }
    controls = {
        "zi_risk": 1,
        "controls": [
            {
                "id": "C-1",
                "name": "CCTV",
                "type": "detective",
                "status": "implemented",
                "mitigates": ["R-1", "R-9"],
            }
        ],
    }
    names = ["a", "b", "c", "d"] if controls_first else ["d", "c", "b", "a"]
    for name, data in zip(names, [controls, risks, services, header], strict=True):
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("controls_first", [True, False])
def test_references_are_settled_early_or_late_alike(tmp_path: Path, controls_first: bool) -> None:
    """Whether a referenced record was read before or after, the same problems are reported."""
    folder = _unit_files(tmp_path, "Verifikasi", controls_first)
    with pytest.raises(LoadError) as caught:
        load_register(folder)
    fast_text = str(caught.value)
    with careful_only(), pytest.raises(LoadError) as careful:
        load_register(folder)
    assert fast_text == str(careful.value)
    assert (
        "R-1.step: expected one of the steps of service 's1' (Loket, Cetak), got 'Verifikasi'"
        in (fast_text)
    )
    assert "C-1.mitigates: expected the id of a defined risk, got 'R-9'" in fast_text


def test_a_step_of_an_already_read_service_passes(tmp_path: Path) -> None:
    """A risk whose step belongs to its service loads, its service read first or last."""
    for controls_first in (True, False):
        folder = tmp_path / str(controls_first)
        folder.mkdir()
        _unit_files(folder, "Cetak", controls_first)
        data = json.loads((folder / ("a.json" if controls_first else "d.json")).read_text())
        data["controls"][0]["mitigates"] = ["R-1"]
        (folder / ("a.json" if controls_first else "d.json")).write_text(json.dumps(data))
        assert load_register(folder).risks[0].step == "Cetak"
