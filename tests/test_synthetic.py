"""Tests of the synthetic register generator: valid, deterministic, sized as asked, gappy."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from zi_risk import ControlStatus, Register, UsageError, load_register
from zi_risk.dump import dump_data
from zi_risk.synthetic import synthetic_parts, synthetic_register, write_synthetic

from .conftest import ROOT


@pytest.fixture(scope="module")
def medium() -> Register:
    """Ten units of fifty risks: big enough for every kind of gap to occur."""
    return synthetic_register(units=10, seed=11, risks_per_unit=50)


def test_same_seed_gives_an_equal_register() -> None:
    """Two runs with the same arguments give equal registers, field by field."""
    one = synthetic_register(units=3, seed=42, risks_per_unit=12)
    two = synthetic_register(units=3, seed=42, risks_per_unit=12)
    assert one == two
    assert dump_data(one) == dump_data(two)


def test_another_seed_gives_another_register() -> None:
    """The seed matters: a different seed gives a different register."""
    assert synthetic_register(units=3, seed=1, risks_per_unit=12) != synthetic_register(
        units=3, seed=2, risks_per_unit=12
    )


def test_the_loader_accepts_it_unchanged(medium: Register) -> None:
    """A synthetic register is valid: loading its file data gives it back equal."""
    assert load_register(dump_data(medium)) == medium


def test_sizes_scale_as_asked() -> None:
    """Units and risks are exact; controls are about 1.5 per risk; services 2-6 per small unit."""
    for units, per_unit in ((1, 1), (5, 20), (12, 50)):
        reg = synthetic_register(units=units, seed=3, risks_per_unit=per_unit)
        assert len(reg.units) == units
        assert len(reg.risks) == units * per_unit
    reg = synthetic_register(units=40, seed=0)
    assert 1.35 <= len(reg.controls) / len(reg.risks) <= 1.7
    per_unit = Counter(s.unit for s in reg.services)
    assert all(2 <= n <= 6 for n in per_unit.values())


def test_big_units_get_more_services() -> None:
    """A unit with many risks spreads them over more services (about 15 risks a service)."""
    reg = synthetic_register(units=2, seed=5, risks_per_unit=600)
    unit_of = {s.id: s.unit for s in reg.services}
    risks = Counter(unit_of[r.service] for r in reg.risks)
    services = Counter(s.unit for s in reg.services)
    assert all(services[u] >= max(7, n / 15) for u, n in risks.items())


def test_some_controls_are_shared(medium: Register) -> None:
    """Some controls mitigate several risks, as in real registers."""
    widths = Counter(len(c.mitigates) for c in medium.controls)
    assert widths[1] > widths[2] > 0
    assert sum(n for width, n in widths.items() if width >= 3) > 0


def test_the_usual_gaps_are_present(medium: Register) -> None:
    """Every kind of gap an auditor looks for occurs, each in a minority of records."""
    risks, controls = medium.risks, medium.controls
    end = medium.period_end

    def share(part: int, whole: int) -> float:
        return part / whole

    implemented = [c for c in controls if c.status is ControlStatus.IMPLEMENTED]
    open_ = [c for c in controls if c.status in (ControlStatus.PLANNED, ControlStatus.IN_PROGRESS)]
    mitigated = {r for c in controls if c.status is not ControlStatus.RETIRED for r in c.mitigates}
    gaps = {
        "risk without owner": share(sum(r.owner is None for r in risks), len(risks)),
        "risk without residual": share(sum(r.residual is None for r in risks), len(risks)),
        "risk without control": share(sum(r.id not in mitigated for r in risks), len(risks)),
        "control without owner": share(sum(c.owner is None for c in controls), len(controls)),
        "open control without due": share(sum(c.due is None for c in open_), len(open_)),
        "open control overdue": share(
            sum(c.due is not None and c.due.date < end for c in open_), len(open_)
        ),
        "implemented without evidence": share(
            sum(not c.evidence for c in implemented), len(implemented)
        ),
        "implemented never tested": share(sum(not c.tests for c in implemented), len(implemented)),
        "stale evidence": share(
            sum(
                bool(c.evidence)
                and max(e.date or dt.date.min for e in c.evidence).year < end.year - 1
                for c in implemented
            ),
            len(implemented),
        ),
    }
    for name, value in gaps.items():
        assert 0 < value < 0.7, name
    residual_above = [
        r for r in risks if r.residual and r.residual.likelihood > r.inherent.likelihood
    ]
    assert 0 < len(residual_above) < len(risks) * 0.05


def test_texts_are_indonesian_and_steps_belong_to_their_service(medium: Register) -> None:
    """Risk names and scenarios come from Indonesian vocabularies; each step is its service's."""
    steps = {s.id: s.steps for s in medium.services}
    assert all(r.step in steps[r.service] for r in medium.risks)
    words = " ".join(r.scenario or "" for r in medium.risks)
    assert "pada tahap" in words
    assert any(r.name.startswith("Pungutan liar") for r in medium.risks)


def test_parts_are_the_register_split_by_unit() -> None:
    """The header part plus one part per unit together hold every record of the register."""
    parts = list(synthetic_parts(units=4, seed=9, risks_per_unit=6))
    reg = synthetic_register(units=4, seed=9, risks_per_unit=6)
    assert [len(p.units) for p in parts] == [0, 1, 1, 1, 1]
    assert tuple(r for p in parts for r in p.risks) == reg.risks
    assert tuple(o for p in parts for o in p.owners) == reg.owners


def test_split_files_load_back_equal_and_are_byte_identical(tmp_path: Path) -> None:
    """Files written twice are byte-identical, and loading them gives the register."""
    first = write_synthetic(tmp_path / "a", units=3, seed=4, risks_per_unit=10)
    second = write_synthetic(tmp_path / "b", units=3, seed=4, risks_per_unit=10)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.name for p in first] == ["register.json", *sorted(p.name for p in first[1:])]
    assert load_register(tmp_path / "a") == synthetic_register(units=3, seed=4, risks_per_unit=10)


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_one_file_loads_back_equal(tmp_path: Path, fmt: str) -> None:
    """The whole register in one JSON or YAML file loads back equal."""
    (path,) = write_synthetic(
        tmp_path / f"one.{fmt}", units=2, seed=8, risks_per_unit=7, fmt=fmt, split=False
    )
    assert load_register(path) == synthetic_register(units=2, seed=8, risks_per_unit=7)


def test_yaml_split_loads_back_equal(tmp_path: Path) -> None:
    """The split YAML form loads back equal too."""
    write_synthetic(tmp_path / "y", units=2, seed=8, risks_per_unit=7, fmt="yaml")
    assert load_register(tmp_path / "y") == synthetic_register(units=2, seed=8, risks_per_unit=7)


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Files are byte-identical under different PYTHONHASHSEED values."""
    script = (
        "import sys; from zi_risk.synthetic import write_synthetic; "
        "write_synthetic(sys.argv[1], units=3, seed=6, risks_per_unit=9, split=False)"
    )
    outputs = []
    for hash_seed in ("1", "2"):
        target = tmp_path / f"h{hash_seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(target)], check=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_bad_arguments_are_usage_errors(tmp_path: Path) -> None:
    """Sizes below one and unknown formats are refused with a message naming the argument."""
    with pytest.raises(UsageError) as units:
        synthetic_register(units=0)
    assert str(units.value) == "units: expected 1 or more, got 0"
    with pytest.raises(UsageError) as per_unit:
        synthetic_register(units=1, risks_per_unit=0)
    assert str(per_unit.value) == "risks_per_unit: expected 1 or more, got 0"
    with pytest.raises(UsageError) as fmt:
        write_synthetic(tmp_path / "x", units=1, fmt="xml")
    assert str(fmt.value) == "fmt: expected one of json, yaml, got 'xml'"


def test_generate_script_writes_a_loadable_register(tmp_path: Path) -> None:
    """benchmarks/generate.py writes a register the loader accepts and says what it wrote."""
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            str(tmp_path / "reg"),
            "--units",
            "2",
            "--risks-per-unit",
            "5",
            "--seed",
            "3",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"wrote 3 files to {tmp_path / 'reg'}: 2 units, 10 risks"
    assert load_register(tmp_path / "reg") == synthetic_register(units=2, seed=3, risks_per_unit=5)
