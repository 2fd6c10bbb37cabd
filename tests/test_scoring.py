"""Scoring: besaran and band per assessment, appetite per risk, the priority order, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zi_risk.criteria import default_criteria, preset
from zi_risk.model import Assessment, Control, Register, Risk, Service, Unit
from zi_risk.scoring import (
    RiskScore,
    format_score_table,
    rank_risks,
    score,
    score_register,
    scores_to_json,
)
from zi_risk.vocab import Adequacy, ControlStatus, ControlType


def a(likelihood: int, impact: int, **areas: int) -> Assessment:
    return Assessment(likelihood=likelihood, impact=impact, impact_areas=tuple(areas.items()))


def risk(rid: str, inherent: Assessment, service: str = "S1", **kw: Assessment) -> Risk:
    return Risk(id=rid, service=service, name=f"Risk {rid}", inherent=inherent, **kw)  # type: ignore[arg-type]


def register(*risks: Risk, **kw: object) -> Register:
    base: dict[str, object] = {
        "title": "Register",
        "organisation": "Kab. Contoh",
        "year": 2024,
        "units": (Unit(id="U1", name="Dukcapil", appetite=16), Unit(id="U2", name="RSUD")),
        "services": (
            Service(id="S1", unit="U1", name="KTP"),
            Service(id="S2", unit="U2", name="Rawat"),
        ),
        "risks": risks,
    }
    base.update(kw)
    return Register(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("likelihood", "impact"), [(lv, iv) for lv in range(1, 6) for iv in range(1, 6)]
)
def test_score_reads_the_grid_and_the_band(likelihood: int, impact: int) -> None:
    """score() gives the grid's besaran and the band, colour and level holding it."""
    c = default_criteria()
    s = score(a(likelihood, impact), c)
    assert s.besaran == c.besaran(likelihood, impact)
    assert s.band == c.band_of(s.besaran)
    assert (s.level, s.colour) == (s.band.level, s.band.colour)
    assert s.method is None


def test_explanation_names_the_worst_impact_area() -> None:
    """With per-area impacts the explanation says which area set the impact."""
    s = score(a(3, 4, keuangan=3, reputasi=4, layanan=2), default_criteria())
    assert s.worst_area == "reputasi"
    assert s.explain() == (
        "likelihood 3 (Occasional) x impact 4 (Significant; worst area: Reputation) "
        "= besaran 17, High"
    )
    assert s.explain("id") == (
        "kemungkinan 3 (Kadang Terjadi) x dampak 4 (Signifikan; area terburuk: Penurunan "
        "reputasi) = besaran 17, Tinggi"
    )
    assert s.label() == "17 Tinggi"
    assert s.label("en") == "17 High"


def test_score_refuses_levels_outside_the_scales() -> None:
    """A level beyond the criteria is a ValueError, not an IndexError or a wrong cell."""
    with pytest.raises(ValueError, match="outside the 5x5 grid"):
        score(a(0, 3), default_criteria())


def test_appetite_comes_from_the_unit_then_the_register_then_the_criteria() -> None:
    """Unit U1 overrides; U2 falls back to the register's, or else to the criteria's."""
    risks = (risk("R1", a(3, 3)), risk("R2", a(3, 3), service="S2"))
    with_register = {s.id: s for s in score_register(register(*risks, appetite=14))}
    assert (with_register["R1"].appetite, with_register["R1"].appetite_from) == (16, "unit")
    assert (with_register["R2"].appetite, with_register["R2"].appetite_from) == (14, "register")
    bare = {s.id: s for s in score_register(register(*risks))}
    assert (bare["R2"].appetite, bare["R2"].appetite_from) == (11, "criteria")


def test_above_appetite_is_at_or_above_and_uses_the_residual_when_there_is_one() -> None:
    """14 >= 14 is above; a residual below appetite takes the risk out of the list."""
    reg = register(
        risk("R1", a(3, 3), service="S2"),
        risk("R2", a(3, 3), service="S2", residual=a(2, 3)),
        appetite=14,
    )
    got = {s.id: (s.basis, s.current.besaran, s.above_appetite) for s in score_register(reg)}
    assert got == {"R1": ("inherent", 14, True), "R2": ("residual", 11, False)}


def test_manual_and_derived_residuals_are_both_kept_and_manual_wins() -> None:
    """With residual_method set, every risk gets a derived residual; a manual one still rules."""
    k1 = Control(
        id="K1",
        name="Antrean daring",
        type=ControlType.PREVENTIVE,
        status=ControlStatus.IMPLEMENTED,
        adequacy=Adequacy.ADEQUATE,
        mitigates=("R1", "R2"),
    )
    reg = register(
        risk("R1", a(4, 5), residual=a(4, 4)),
        risk("R2", a(4, 5)),
        risk("R3", a(4, 5)),
        controls=(k1,),
        residual_method="zi-residual-1",
    )
    got = {s.id: s for s in score_register(reg)}
    r1, r2, r3 = got["R1"], got["R2"], got["R3"]
    assert r1.residual is not None
    assert r1.derived is not None
    assert (r1.residual.besaran, r1.derived.besaran, r1.basis) == (19, 22, "residual")
    assert r2.derived is not None
    assert (r2.derived.besaran, r2.basis, r2.derived.method) == (22, "derived", "zi-residual-1")
    assert r2.derived.label() == "22 Sangat Tinggi [zi-residual-1]"
    assert r2.derivation is not None
    assert [c.control for c in r2.derivation.contributions] == ["K1"]
    assert r3.derived is not None
    assert r3.derived.besaran == 24  # K1 does not mitigate R3
    assert score_register(register(risk("R1", a(4, 5)), controls=(k1,)))[0].derived is None


def test_target_residual_is_scored_too() -> None:
    """The residual hoped for after the RTP (risiko residual harapan) gets its own score."""
    (s,) = score_register(register(risk("R1", a(4, 5), target=a(2, 2))))
    assert s.target is not None
    assert s.target.label() == "7 Rendah"


def test_priority_order_is_besaran_then_impact_then_natural_id() -> None:
    """On plain-5x5, 2x2=4 and 1x4=4 tie on besaran; impact 4 comes first; ids sort naturally."""
    reg = register(
        risk("R-10", a(2, 2)),
        risk("R-2", a(2, 2)),
        risk("R-1", a(1, 4)),
        risk("R-3", a(4, 1)),
        risk("R-4", a(5, 5)),
        criteria=preset("plain-5x5"),
    )
    assert [s.id for s in rank_risks(reg)] == ["R-4", "R-1", "R-2", "R-10", "R-3"]
    assert rank_risks(score_register(reg)) == rank_risks(reg)


def test_score_register_keeps_the_register_order_and_shares_equal_scores() -> None:
    """Scores come in register order; equal assessments share one Score object."""
    reg = register(risk("R2", a(3, 3)), risk("R1", a(3, 3)))
    s2, s1 = score_register(reg)
    assert (s2.id, s1.id) == ("R2", "R1")
    assert s2.inherent is s1.inherent


@given(
    st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 5), st.booleans()),
        min_size=1,
        max_size=30,
    )
)
def test_ranking_is_a_sorted_permutation(rows: list[tuple[int, int, bool]]) -> None:
    """Every risk appears once, and besaran then impact never increase down the list."""
    risks = [
        risk(f"R-{n}", a(lv, iv), residual=a(1, 1) if res else None)
        for n, (lv, iv, res) in enumerate(rows)
    ]
    ranked = rank_risks(register(*risks))
    assert sorted(s.id for s in ranked) == sorted(r.id for r in risks)
    keys = [(s.current.besaran, s.current.impact) for s in ranked]
    assert keys == sorted(keys, reverse=True)


def test_score_table() -> None:
    """The table lists the ranked risks with both residuals when a method is set."""
    k1 = Control(
        id="K1",
        name="SOP",
        type=ControlType.DETECTIVE,
        status=ControlStatus.IMPLEMENTED,
        adequacy=Adequacy.ADEQUATE,
        mitigates=("R-2",),
    )
    reg = register(
        risk("R-1", a(2, 2)),
        risk("R-2", a(3, 5), service="S2", residual=a(3, 4)),
        controls=(k1,),
        residual_method="zi-residual-1",
    )
    assert format_score_table(reg) == (
        "#  risk  unit  service  inherent  residual  derived (zi-residual-1)  level  appetite"
        "  above appetite\n"
        "1  R-2   U2    S2       3x5=22    3x4=17    3x4=17                   High   11"
        "        yes\n"
        "2  R-1   U1    S1       2x2=7     -         2x2=7                    Low    16"
        "        no"
    )
    assert format_score_table(register()) == "no risks"
    assert format_score_table(register(), lang="id") == "tidak ada risiko"


def test_scores_to_json_is_json_and_carries_the_method_and_contributions() -> None:
    """The JSON output round-trips through json and explains the derived residual."""
    k1 = Control(
        id="K1",
        name="SOP",
        type=ControlType.CORRECTIVE,
        status=ControlStatus.IMPLEMENTED,
        adequacy=Adequacy.ADEQUATE,
        mitigates=("R-1",),
    )
    reg = register(
        risk("R-1", a(3, 4, keuangan=4, layanan=2)),
        controls=(k1,),
        residual_method="zi-residual-1",
        appetite=11,
    )
    data = json.loads(json.dumps(scores_to_json(reg)))
    assert data["criteria"] == "bpkp-2019"
    assert data["residual_method"] == "zi-residual-1"
    (row,) = data["risks"]
    assert row["rank"] == 1
    assert row["inherent"]["besaran"] == 17
    assert row["inherent"]["worst_area"] == "keuangan"
    assert row["residual"] is None
    assert row["derived"]["besaran"] == 14
    assert row["derived"]["method"] == "zi-residual-1"
    assert row["derived"]["contributions"] == [
        {
            "control": "K1",
            "type": "corrective",
            "status": "implemented",
            "adequacy": "adequate",
            "axis": "impact",
            "levels": 1,
            "reason": "credited",
            "explanation": "K1 (corrective, implemented, adequate): impact -1",
        }
    ]
    assert (row["basis"], row["level"], row["appetite"], row["above_appetite"]) == (
        "derived",
        "Medium",
        16,
        False,
    )
    assert row["appetite_from"] == "unit"


def test_risk_score_is_a_value() -> None:
    """RiskScores compare by value, not by the risk object they point to."""
    reg = register(risk("R1", a(3, 3)))
    assert score_register(reg) == score_register(reg)
    assert isinstance(score_register(reg)[0], RiskScore)


def test_cli_score_prints_the_table_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``zi-risk score`` prints the ranked table; ``--format json`` prints the same as JSON."""
    from zi_risk.cli import main

    path = tmp_path / "register.yaml"
    path.write_text(
        "zi_risk: 1\n"
        "register: {title: R, organisation: O, year: 2024, appetite: 16}\n"
        "units: [{id: U1, name: Dukcapil}]\n"
        "services: [{id: S1, unit: U1, name: KTP}]\n"
        "risks:\n"
        "  - {id: R-1, service: S1, name: Pungli, inherent: {likelihood: 2, impact: 2}}\n"
        "  - {id: R-2, service: S1, name: Calo, inherent: {likelihood: 4, impact: 4}}\n",
        encoding="utf-8",
    )
    assert main(["score", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["1", "R-2", "U1", "S1", "4x4=19", "-", "High", "16", "yes"]
    assert out[2].split() == ["2", "R-1", "U1", "S1", "2x2=7", "-", "Low", "16", "no"]
    assert main(["score", str(path), "--priority", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in data["risks"]] == ["R-2"]
    assert data["risks"][0]["level"] == "Tinggi"
