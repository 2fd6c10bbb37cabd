"""Risk criteria: the presets, custom criteria files and their located errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from zi_risk.criteria import (
    DEFAULT_PRESET,
    PRESET_NAMES,
    RiskCriteria,
    criteria_from_data,
    criteria_to_data,
    default_criteria,
    load_criteria,
    preset,
    resolve_criteria,
)
from zi_risk.errors import CriteriaError, LoadError, UsageError
from zi_risk.source import parse_text

# The official BPKP table, rows likelihood 5 -> 1, columns impact 1 -> 5 (DOMAIN.md §1.6).
OFFICIAL = {
    5: (9, 15, 18, 23, 25),
    4: (6, 12, 16, 19, 24),
    3: (4, 10, 14, 17, 22),
    2: (2, 7, 11, 13, 21),
    1: (1, 3, 5, 8, 20),
}
OFFICIAL_BANDS = [
    (1, "Sangat Rendah", 1, 5, "#32bdea", "Abaikan"),
    (2, "Rendah", 6, 10, "#00b050", "Dipantau"),
    (3, "Sedang", 11, 15, "#ffff00", "Dipantau dan buat RTP"),
    (4, "Tinggi", 16, 19, "#ffc000", "Wajib RTP"),
    (5, "Sangat Tinggi", 20, 25, "#ff0000", "Wajib RTP"),
]
CELLS = [(lv, iv) for lv in range(1, 6) for iv in range(1, 6)]


def band_name(besaran: int) -> str:
    return next(name for _, name, low, high, _, _ in OFFICIAL_BANDS if low <= besaran <= high)


@pytest.mark.parametrize(("likelihood", "impact"), CELLS)
def test_default_preset_reproduces_every_cell_of_the_official_table(
    likelihood: int, impact: int
) -> None:
    """Each of the 25 cells gives the official besaran and the band that holds it."""
    c = default_criteria()
    expected = OFFICIAL[likelihood][impact - 1]
    assert c.besaran(likelihood, impact) == expected
    assert c.band_of(expected).name_id == band_name(expected)


def test_default_preset_has_the_five_official_bands() -> None:
    """The bands, their ranges, colours and actions are the official ones, in order."""
    got = [
        (b.level, b.name_id, b.low, b.high, b.colour, b.action_id) for b in default_criteria().bands
    ]
    assert got == OFFICIAL_BANDS


@pytest.mark.parametrize(
    ("likelihood", "impact", "besaran", "level"),
    [(3, 4, 17, "Tinggi"), (1, 5, 20, "Sangat Tinggi"), (2, 2, 7, "Rendah")],
)
def test_examples_named_in_the_issue(
    likelihood: int, impact: int, besaran: int, level: str
) -> None:
    """3x4 is 17 Tinggi, 1x5 is 20 Sangat Tinggi, 2x2 is 7 Rendah."""
    c = default_criteria()
    assert c.besaran(likelihood, impact) == besaran
    assert c.band_of(besaran).name_id == level


def test_default_preset_scales_and_areas() -> None:
    """Level names follow DOMAIN §1.4-§1.5 and every level has criteria text on every dimension."""
    c = default_criteria()
    assert c.name == DEFAULT_PRESET == "bpkp-2019"
    assert [lv.name_id for lv in c.likelihood] == [
        "Hampir Tidak Terjadi",
        "Jarang Terjadi",
        "Kadang Terjadi",
        "Sering Terjadi",
        "Hampir Pasti Terjadi",
    ]
    assert [lv.name_id for lv in c.impact] == [
        "Tidak Signifikan",
        "Minor",
        "Moderat",
        "Signifikan",
        "Sangat Signifikan",
    ]
    assert c.area_keys == ("keuangan", "reputasi", "kinerja", "layanan", "hukum")
    assert [d.key for d in c.likelihood_dimensions] == ["persentase", "frekuensi", "toleransi"]
    for lv in c.likelihood:
        assert [k for k, _ in lv.criteria] == ["persentase", "frekuensi", "toleransi"]
    for lv in c.impact:
        assert [k for k, _ in lv.criteria] == list(c.area_keys)
    assert c.impact[4].criterion("keuangan") == "> Rp500 juta"
    assert c.likelihood[0].criterion("persentase") == "0% < x <= 5%"
    assert c.appetite == 11


def test_preset_names_match_the_shipped_files() -> None:
    """PRESET_NAMES lists exactly the YAML files in criteria_presets/."""
    folder = Path(__file__).parent.parent / "src" / "zi_risk" / "criteria_presets"
    assert sorted(p.stem for p in folder.glob("*.yaml")) == sorted(PRESET_NAMES)
    assert PRESET_NAMES[0] == DEFAULT_PRESET


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_is_valid_and_round_trips(name: str) -> None:
    """Each preset loads under its own name, and its file shape reads back equal."""
    c = preset(name)
    assert c.name == name
    assert c.source
    assert criteria_from_data(criteria_to_data(c)) == c
    assert criteria_from_data(json.loads(json.dumps(criteria_to_data(c)))) == c


@given(name=st.sampled_from(PRESET_NAMES), cell=st.sampled_from(CELLS))
def test_besaran_never_decreases_along_either_axis_of_a_preset(
    name: str, cell: tuple[int, int]
) -> None:
    """Raising likelihood or impact by one level never lowers the besaran."""
    c = preset(name)
    lv, iv = cell
    if lv < len(c.likelihood):
        assert c.besaran(lv + 1, iv) >= c.besaran(lv, iv)
    if iv < len(c.impact):
        assert c.besaran(lv, iv + 1) >= c.besaran(lv, iv)


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_besaran_of_a_preset_is_in_exactly_one_band(name: str) -> None:
    """Every grid value falls in one band, and the bands are contiguous."""
    c = preset(name)
    for row in c.grid:
        for value in row:
            assert sum(b.low <= value <= b.high for b in c.bands) == 1
    assert all(b.low == a.high + 1 for a, b in zip(c.bands, c.bands[1:], strict=False))


def test_plain_5x5_is_the_product_with_documented_bands() -> None:
    """plain-5x5 multiplies the levels; its bands are 1-3, 4-7, 8-14, 15-19, 20-25."""
    c = preset("plain-5x5")
    assert all(c.besaran(lv, iv) == lv * iv for lv, iv in CELLS)
    assert [(b.low, b.high) for b in c.bands] == [(1, 3), (4, 7), (8, 14), (15, 19), (20, 25)]
    assert c.appetite == 8


def test_variants_change_only_the_bands() -> None:
    """The variant presets keep the BPKP grid and scales and move the band limits."""
    base = default_criteria()
    b, v = preset("bpkp-2019-variant-b"), preset("bpkp-2019-variant-c")
    assert b.grid == v.grid == base.grid
    assert b.likelihood == base.likelihood
    assert b.impact == base.impact
    assert [(x.low, x.high) for x in b.bands][1:3] == [(6, 11), (12, 15)]
    assert [(x.low, x.high) for x in v.bands][2:4] == [(11, 14), (15, 19)]
    assert v.bands[4].action_id == "Diperlukan tindakan segera"


def test_kl_preset_has_criteria_set_b() -> None:
    """bpkp-2019-kl keeps the BPKP grid and uses the K/L impact areas and labels."""
    c = preset("bpkp-2019-kl")
    assert c.grid == default_criteria().grid
    assert c.area_keys == ("keuangan", "reputasi", "kinerja", "temuan")
    assert c.impact[1].name_id == "Kurang Signifikan"
    assert c.impact[0].criterion("kinerja") == "Capaian IKU >= 97%"
    assert c.notes


def test_unknown_preset_suggests_a_close_name() -> None:
    """A misspelt preset name raises UsageError with a suggestion."""
    with pytest.raises(UsageError) as info:
        preset("plain5x5")
    assert str(info.value) == "no criteria preset 'plain5x5' (did you mean 'plain-5x5'?)"
    with pytest.raises(UsageError) as info:
        preset("iso")
    assert str(info.value) == "no criteria preset 'iso'; presets: " + ", ".join(PRESET_NAMES)


def test_band_of_and_besaran_refuse_values_outside_the_criteria() -> None:
    """Levels outside the scales and besaran outside every band raise ValueError."""
    c = default_criteria()
    with pytest.raises(ValueError, match="likelihood 6 x impact 1 is outside the 5x5 grid"):
        c.besaran(6, 1)
    with pytest.raises(ValueError, match="besaran 26 is in no band of bpkp-2019"):
        c.band_of(26)


# --------------------------------------------------------------------------- custom files

BROKEN = """\
name: pemda-x
appetite: 30
likelihood:
  levels:
    - {value: 1, name_id: Jarang}
    - {value: 3, name_id: Sering}
    - {value: 3, name_id: Pasti}
impact:
  areas:
    - {key: keuangan, name_id: Kerugian}
    - {key: keuangan, name_id: Lagi}
  levels:
    - {value: 1, name_id: Kecil, criteria: {keuangn: "< Rp10 juta"}}
    - {value: 2, name_id: Sedang}
    - {value: 3, name_id: Besar}
grid:
  3: [5, 8, 9]
  2: [3, 6, 7]
  1: [1, 4]
bands:
  - {level: 1, name_id: Rendah, low: 1, high: 3, colour: "#00b050", action_id: Pantau}
  - {level: 2, name_id: Sedang, low: 5, high: 6, colour: green, action_id: RTP}
  - {level: 3, name_id: Tinggi, low: 6, high: 9, colour: "#ff0000", action_id: RTP, colr: red}
"""

DECREASING = """\
name: pemda-y
appetite: 11
likelihood:
  levels:
    - {value: 1, name_id: Jarang}
    - {value: 2, name_id: Sering}
    - {value: 3, name_id: Pasti}
impact:
  levels:
    - {value: 1, name_id: Kecil}
    - {value: 2, name_id: Sedang}
    - {value: 3, name_id: Besar}
grid:
  3: [5, 8, 9]
  2: [3, 6, 7]
  1: [1, 4, 2]
bands:
  - {level: 1, name_id: Rendah, low: 1, high: 3, colour: "#00b050", action_id: Pantau}
  - {level: 2, name_id: Sedang, low: 4, high: 6, colour: "#ffff00", action_id: RTP}
  - {level: 3, name_id: Tinggi, low: 7, high: 9, colour: "#ff0000", action_id: RTP}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_broken_criteria_file_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    """Misnumbered levels, duplicate areas, unknown keys, a short row, a bad colour,
    a gap and an overlap between bands: all reported, each at its line and column."""
    path = write(tmp_path, "broken.yaml", BROKEN)
    with pytest.raises(CriteriaError) as info:
        load_criteria(path)
    f = str(path)
    assert str(info.value).splitlines() == [
        "8 problems:",
        f"{f}:6:8: likelihood.levels[1].value: expected level 2 here "
        "(levels are numbered 1..n in order), got 3",
        f"{f}:11:8: impact.areas[1].key: expected each key once, found it again, got 'keuangan'",
        f"{f}:13:45: impact.levels[0].criteria.keuangn: expected an impact area key (keuangan), "
        "got 'keuangn' (did you mean 'keuangan'?)",
        f"{f}:19:3: grid[1]: expected 3 besaran values, one per impact level 1..3, got 2",
        f"{f}:22:33: bands[1].low: expected this band to start at 4, right after the band "
        "before it, got 5 (besaran 4 would be in no band)",
        f"{f}:22:50: bands[1].colour: expected a colour written #rrggbb, got 'green'",
        f"{f}:23:33: bands[2].low: expected this band to start at 7, right after the band "
        "before it, got 6 (besaran 6 would be in two bands)",
        f"{f}:23:85: bands[2].colr: expected only the keys level, name_id, name_en, low, high, "
        "colour, action_id, action_en, got 'colr' (did you mean 'colour'?)",
    ]
    assert isinstance(info.value, LoadError)


def test_decreasing_grid_and_out_of_range_appetite_are_located(tmp_path: Path) -> None:
    """A cell below its left neighbour and an appetite beyond the grid are both reported."""
    path = write(tmp_path, "dec.yaml", DECREASING)
    with pytest.raises(CriteriaError) as info:
        load_criteria(path)
    f = str(path)
    assert str(info.value).splitlines() == [
        "2 problems:",
        f"{f}:2:1: appetite: expected a besaran from 1 to 9 (the range of the grid), got 11",
        f"{f}:16:13: grid[1][2]: expected likelihood 1 x impact 3 to be at least 4, the besaran "
        "to its left (likelihood 1 x impact 2), got 2 "
        "(set allow_decreasing: true if the grid may decrease)",
    ]


def test_allow_decreasing_accepts_a_decreasing_grid(tmp_path: Path) -> None:
    """With allow_decreasing: true the same grid loads; its name defaults to the data's."""
    text = DECREASING.replace("appetite: 11", "appetite: 7\nallow_decreasing: true")
    c = load_criteria(write(tmp_path, "dec.yaml", text))
    assert c.allow_decreasing
    assert c.name == "pemda-y"
    assert c.besaran(1, 3) == 2


def test_grid_decreasing_along_likelihood_is_reported() -> None:
    """A cell lower than the cell below it (lower likelihood) is an error too."""
    data = yaml.safe_load(DECREASING.replace("appetite: 11", "appetite: 5"))
    data["grid"] = {3: [5, 8, 9], 2: [1, 6, 7], 1: [2, 4, 5]}
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value) == (
        "<input>:grid[2][0]: grid[2][0]: expected likelihood 2 x impact 1 to be at least 2, "
        "the besaran below it (likelihood 1 x impact 1), got 1 "
        "(set allow_decreasing: true if the grid may decrease)"
    )


def test_missing_sections_and_wrong_types_are_all_reported() -> None:
    """Every missing required section and wrongly typed value is listed."""
    data: dict[str, Any] = {
        "likelihood": {"levels": [{"value": 1, "name_id": "A"}]},
        "impact": [],
        "grid": "sum",
        "allow_decreasing": "yes",
    }
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data, name="x")
    assert str(info.value).splitlines() == [
        "6 problems:",
        "<input>:allow_decreasing: allow_decreasing: expected true or false, got 'yes'",
        "<input>:appetite: appetite: expected an appetite (a besaran); it is missing",
        "<input>:bands: bands: expected a list of bands; it is missing",
        "<input>:grid: grid: expected a mapping from each likelihood level to its row, "
        "or 'product', got 'sum'",
        "<input>:impact: impact: expected a mapping, got a list",
        "<input>:likelihood.levels: likelihood.levels: expected at least 2 entries, got 1",
    ]


def test_grid_rows_must_name_each_likelihood_level_once() -> None:
    """A row key outside the scale and a missing row are reported."""
    data = criteria_to_data(default_criteria())
    data["grid"] = {9: [1, 2, 3, 4, 5], **{lv: data["grid"][lv] for lv in (1, 2, 3, 4)}}
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value) == (
        "<input>:grid[9]: grid[9]: expected a likelihood level from 1 to 5, got 9"
    )
    del data["grid"][9]
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value) == (
        "<input>:grid: grid: expected one row for each likelihood level 1..5, got 'no row for [5]'"
    )


def test_grid_cells_and_band_ends_must_be_positive_whole_numbers() -> None:
    """Non-numbers, booleans and zero are refused in the grid and in band ranges."""
    data = criteria_to_data(default_criteria())
    data["grid"][1] = [0, True, "x", 8, 20]
    data["bands"][0]["high"] = 0
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value).splitlines() == [
        "4 problems:",
        "<input>:bands[0].high: bands[0].high: expected a whole number of at least 1, got 0",
        "<input>:grid[1][0]: grid[1][0]: expected a whole number of at least 1, got 0",
        "<input>:grid[1][1]: grid[1][1]: expected a whole number, got True",
        "<input>:grid[1][2]: grid[1][2]: expected a whole number, got 'x'",
    ]


def test_grid_value_outside_every_band_is_located_at_its_cell() -> None:
    """A besaran that no band holds is reported once, at its first cell."""
    data = criteria_to_data(default_criteria())
    data["grid"][5] = [9, 15, 18, 23, 30]
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value) == (
        "<input>:grid[5][4]: grid[5][4]: expected besaran 30 (likelihood 5 x impact 5) "
        "to fall in a band; no band holds it, got 30"
    )


def test_a_band_whose_high_end_is_below_its_low_end_is_reported() -> None:
    """low > high is located at the band's high end."""
    data = criteria_to_data(default_criteria())
    data["bands"][1]["high"] = 4
    with pytest.raises(CriteriaError) as info:
        criteria_from_data(data)
    assert str(info.value) == (
        "<input>:bands[1].high: bands[1].high: expected a high end of at least 6 "
        "(the band's low end), got 4"
    )


def test_product_grid_works_for_any_size() -> None:
    """``grid: product`` builds L x I for the scales given (here 4x3)."""
    data = {
        "appetite": 6,
        "likelihood": {"levels": [{"value": n, "name_id": f"L{n}"} for n in range(1, 5)]},
        "impact": {"levels": [{"value": n, "name_id": f"I{n}"} for n in range(1, 4)]},
        "grid": "product",
        "bands": [
            {"name_id": "Rendah", "low": 1, "high": 4, "colour": "#00B050", "action_id": "-"},
            {"name_id": "Tinggi", "low": 5, "high": 12, "colour": "#FF0000", "action_id": "RTP"},
        ],
    }
    c = criteria_from_data(data, name="kecil")
    assert c.name == "kecil"
    assert c.grid == ((1, 2, 3), (2, 4, 6), (3, 6, 9), (4, 8, 12))
    assert c.bands[0].colour == "#00b050"  # colours are kept in lower case
    assert c.bands[1].name_en == "Tinggi"  # English defaults to the Indonesian text
    assert c.likelihood[3].value == 4


def test_json_criteria_file_is_located_by_line(tmp_path: Path) -> None:
    """A JSON criteria file works, and its errors carry lines too."""
    data = criteria_to_data(default_criteria())
    data["bands"][2]["colour"] = "#ffff0"
    path = write(tmp_path, "kriteria.json", json.dumps(data, indent=1))
    with pytest.raises(CriteriaError) as info:
        load_criteria(path)
    (problem,) = info.value.problems
    assert problem.location.line is not None
    assert str(problem).endswith("bands[2].colour: expected a colour written #rrggbb, got '#ffff0'")
    data["bands"][2]["colour"] = "#ffff00"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_criteria(path) == default_criteria()


def test_invalid_yaml_and_empty_files_raise_criteria_error(tmp_path: Path) -> None:
    """Syntax errors and empty files are CriteriaErrors with their place."""
    with pytest.raises(CriteriaError, match=r"bad.yaml:2:\d+: expected valid YAML"):
        load_criteria(write(tmp_path, "bad.yaml", "a: [1\nb: 2\n"))
    with pytest.raises(CriteriaError, match=r"empty.yaml: expected criteria, got an empty file"):
        load_criteria(write(tmp_path, "empty.yaml", ""))


# --------------------------------------------------------------------------- extends


def test_extends_overrides_sections_and_keeps_the_rest() -> None:
    """``extends`` starts from a preset; sections given replace the preset's."""
    bands = criteria_to_data(preset("bpkp-2019-variant-b"))["bands"]
    c = criteria_from_data({"extends": "bpkp-2019", "name": "pemda-z", "bands": bands}, name="f")
    assert c.name == "pemda-z"
    assert c.grid == default_criteria().grid
    assert c.bands == preset("bpkp-2019-variant-b").bands
    assert c.title == default_criteria().title


def test_extends_problems_in_inherited_sections_point_at_extends() -> None:
    """A clash between the user's scale and an inherited grid is located at ``extends``."""
    text = (
        "criteria:\n"
        "  extends: bpkp-2019\n"
        "  impact:\n"
        "    levels: [{value: 1, name_id: Kecil}, {value: 2, name_id: Besar}]\n"
    )
    data, src = parse_text(text, "reg.yaml")
    with pytest.raises(CriteriaError) as info:
        resolve_criteria(data["criteria"], source=src, path=("criteria",))
    assert [str(p) for p in info.value.problems] == [
        f"reg.yaml:2:3: criteria.grid[{lv}]: expected 2 besaran values, "
        "one per impact level 1..2, got 5 (inherited from preset bpkp-2019)"
        for lv in (1, 2, 3, 4, 5)
    ]


def test_extends_names_a_preset() -> None:
    """``extends`` of an unknown preset suggests one."""
    data, src = parse_text("criteria: {extends: bpkp-2091}\n", "reg.yaml")
    with pytest.raises(CriteriaError) as info:
        resolve_criteria(data["criteria"], source=src, path=("criteria",))
    assert str(info.value) == (
        "reg.yaml:1:12: criteria.extends: expected the name of a preset (bpkp-2019, "
        "bpkp-2019-kl, bpkp-2019-variant-b, bpkp-2019-variant-c, plain-5x5), got 'bpkp-2091' "
        "(did you mean 'bpkp-2019'?)"
    )


# --------------------------------------------------------------------------- resolve


def test_resolve_preset_none_and_file(tmp_path: Path) -> None:
    """A preset name, nothing, and a path relative to the register's folder all resolve."""
    _, src = parse_text("criteria: x\n", "reg.yaml")
    assert resolve_criteria("bpkp-2019-kl", source=src, path=("criteria",)) is preset(
        "bpkp-2019-kl"
    )
    assert resolve_criteria(None, source=src, path=("criteria",)) is default_criteria()
    (tmp_path / "kriteria").mkdir()
    write(
        tmp_path / "kriteria",
        "pemda.yaml",
        DECREASING.replace("appetite: 11", "appetite: 5").replace("1: [1, 4, 2]", "1: [1, 2, 3]"),
    )
    c = resolve_criteria("kriteria/pemda.yaml", source=src, path=("criteria",), base_dir=tmp_path)
    assert c.name == "pemda-y"


def test_resolve_inline_criteria_locates_problems_in_the_register() -> None:
    """Inline criteria problems point at lines of the register file."""
    text = (
        "register:\n"
        "  criteria:\n"
        "    extends: bpkp-2019\n"
        "    appetite: 26\n"
        "    bands:\n"
        "      - {level: 1, name_id: Rendah, low: 1, high: 12, colour: '#00b050', action_id: -}\n"
        "      - {level: 2, name_id: Tinggi, low: 14, high: 25, colour: '#ff0000', action_id: -}\n"
    )
    data, src = parse_text(text, "reg.yaml")
    with pytest.raises(CriteriaError) as info:
        resolve_criteria(data["register"]["criteria"], source=src, path=("register", "criteria"))
    assert str(info.value).splitlines() == [
        "2 problems:",
        "reg.yaml:4:5: register.criteria.appetite: expected a besaran from 1 to 25 "
        "(the range of the grid), got 26",
        "reg.yaml:7:37: register.criteria.bands[1].low: expected this band to start at 13, "
        "right after the band before it, got 14 (besaran 13 would be in no band)",
    ]


def test_resolve_reports_unknown_names_missing_files_and_wrong_types(tmp_path: Path) -> None:
    """An unknown preset, a missing file and a number each give one located problem."""
    _, src = parse_text("criteria: x\n", "reg.yaml")

    def problem(spec: Any) -> str:
        with pytest.raises(CriteriaError) as info:
            resolve_criteria(spec, source=src, path=("criteria",), base_dir=tmp_path)
        return str(info.value)

    names = ", ".join(PRESET_NAMES)
    assert problem("bpkp") == (
        f"reg.yaml:1:1: criteria: expected a preset name ({names}) or the path of a criteria "
        "file, got 'bpkp' (did you mean 'bpkp-2019'?)"
    )
    assert problem("pemda.yaml") == (
        f"reg.yaml:1:1: criteria: expected a criteria file; there is no file {tmp_path}/pemda.yaml"
    )
    assert problem(5) == (
        "reg.yaml:1:1: criteria: expected a preset name, a criteria file path or a mapping, got 5"
    )


def test_register_using_a_broken_criteria_file_fails_to_load_with_its_problems(
    tmp_path: Path,
) -> None:
    """The loader passes every criteria problem on, located in the criteria file."""
    from zi_risk.loader import load_register

    crit = write(tmp_path, "kriteria.yaml", DECREASING)
    reg = write(
        tmp_path,
        "register.yaml",
        "zi_risk: 1\nregister:\n  title: R\n  organisation: O\n  year: 2024\n"
        "  criteria: kriteria.yaml\n",
    )
    with pytest.raises(LoadError) as info:
        load_register(reg)
    text = str(info.value)
    assert (
        f"{crit}:2:1: appetite: expected a besaran from 1 to 9 (the range of the grid), got 11"
        in text
    )
    assert f"{crit}:16:13: grid[1][2]: expected likelihood 1 x impact 3 to be at least 4" in text


# --------------------------------------------------------------------------- properties


@st.composite
def grids(draw: st.DrawFn) -> tuple[tuple[int, ...], ...]:
    n_l = draw(st.integers(2, 5))
    n_i = draw(st.integers(2, 5))
    return tuple(tuple(draw(st.integers(1, 30)) for _ in range(n_i)) for _ in range(n_l))


def _monotone(grid: tuple[tuple[int, ...], ...]) -> bool:
    rows_ok = all(a <= b for row in grid for a, b in itertools.pairwise(row))
    cols_ok = all(
        grid[lv][iv] <= grid[lv + 1][iv]
        for lv in range(len(grid) - 1)
        for iv in range(len(grid[0]))
    )
    return rows_ok and cols_ok


def _data_for(grid: tuple[tuple[int, ...], ...], allow: bool) -> dict[str, Any]:
    return {
        "appetite": min(min(row) for row in grid),
        "allow_decreasing": allow,
        "likelihood": {
            "levels": [{"value": n, "name_id": f"L{n}"} for n in range(1, len(grid) + 1)]
        },
        "impact": {
            "levels": [{"value": n, "name_id": f"I{n}"} for n in range(1, len(grid[0]) + 1)]
        },
        "grid": {lv: list(row) for lv, row in enumerate(grid, 1)},
        "bands": [{"name_id": "All", "low": 1, "high": 30, "colour": "#ffffff", "action_id": "-"}],
    }


@given(grid=grids())
def test_validation_accepts_exactly_the_monotone_grids(grid: tuple[tuple[int, ...], ...]) -> None:
    """Without allow_decreasing, a grid loads if and only if it never decreases."""
    if _monotone(grid):
        assert criteria_from_data(_data_for(grid, allow=False)).grid == grid
    else:
        with pytest.raises(CriteriaError) as info:
            criteria_from_data(_data_for(grid, allow=False))
        assert all("allow_decreasing: true" in str(p) for p in info.value.problems)
    assert criteria_from_data(_data_for(grid, allow=True)).grid == grid


def test_criteria_are_immutable_values() -> None:
    """Criteria are frozen, hashable and equal by value (the band index is not compared)."""
    a = default_criteria()
    b = criteria_from_data(criteria_to_data(a))
    assert a == b
    assert hash(a) == hash(b)
    assert isinstance(a, RiskCriteria)
    with pytest.raises(AttributeError):
        a.appetite = 5  # type: ignore[misc]
