"""Tests of the loader: every check with its whole message, split files, safety limits."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from zi_risk import LoadError, load_register
from zi_risk.vocab import Adequacy, ControlStatus, RiskGroup, Scheme, Treatment

from .conftest import write

HEADER = """\
zi_risk: 1
register:
  title: Register Risiko Fraud
  organisation: Pemerintah Kabupaten Uji
  year: 2023
"""

GOOD = (
    HEADER
    + """\
units:
  - {id: dukcapil, name: Dinas Kependudukan dan Pencatatan Sipil, head: kadis}
owners:
  - {id: kadis, position: Kepala Dinas, unit: dukcapil}
  - {id: kabid, position: Kepala Bidang Dafduk, unit: dukcapil}
services:
  - id: ktp-el
    unit: dukcapil
    name: Penerbitan KTP-el
    steps: [Pendaftaran, Penyerahan]
risks:
  - id: R-1
    service: ktp-el
    step: Penyerahan
    name: Pungutan liar
    group: extortion
    scheme: pungli
    owner: kabid
    inherent: {likelihood: 4, impact: 4, rationale: Tiga pengaduan}
    residual: {likelihood: 3, impact: {keuangan: 2, reputasi: 3}}
    treatment: reduce
controls:
  - id: C-1
    name: Maklumat layanan gratis
    type: preventive
    status: implemented
    adequacy: adequate
    owner: kadis
    mitigates: [R-1]
    due: 2024-Q1
    budget: 2500000
    evidence: [{title: SK Kadis, date: 2023-10-01}]
    tests: [{date: 2023-10-15, result: effective, by: kadis}]
"""
)


def problems_of(*paths: object) -> list[str]:
    """The problem lines a load raises."""
    with pytest.raises(LoadError) as info:
        load_register(*paths)  # type: ignore[arg-type]
    return [str(p) for p in info.value.problems]


def test_a_good_file_loads_into_records(tmp_path: Path) -> None:
    """A valid file gives immutable records with parsed values and source lines."""
    reg = load_register(write(tmp_path, "r.yaml", GOOD))
    risk = reg.risks[0]
    assert risk.group == (RiskGroup.EXTORTION,)
    assert risk.scheme is Scheme.PUNGLI
    assert risk.treatment is Treatment.REDUCE
    assert risk.residual is not None
    assert risk.residual.impact == 3
    assert risk.residual.worst_area == "reputasi"
    assert risk.loc.line == 17
    control = reg.controls[0]
    assert control.adequacy is Adequacy.ADEQUATE
    assert control.due is not None
    assert control.due.date == dt.date(2024, 3, 31)
    assert control.tests[0].by == "kadis"


def test_json_with_the_same_structure_loads_equal(tmp_path: Path) -> None:
    """JSON and YAML of the same register give equal registers."""
    import yaml

    data = yaml.safe_load(GOOD)
    text = json.dumps(data, default=str)
    assert load_register(write(tmp_path, "r.json", text)) == load_register(
        write(tmp_path, "r.yaml", GOOD)
    )


def test_json_problems_carry_lines(tmp_path: Path) -> None:
    """Problems in JSON files are located by line too."""
    text = (
        '{\n  "zi_risk": 1,\n  "register": {"title": "T", "organisation": "O",\n'
        '   "year": 2023, "quartr": 2}\n}\n'
    )
    assert problems_of(write(tmp_path, "r.json", text)) == [
        f"{tmp_path}/r.json:4:18: register.quartr: unknown field (did you mean 'quarter'?)"
    ]


def test_enum_aliases_accept_indonesian_labels(tmp_path: Path) -> None:
    """Indonesian labels, any case, spaces or hyphens, are read as the enum member."""
    text = (
        GOOD.replace("type: preventive", "type: Preventif")
        .replace("status: implemented", "status: Terpasang")
        .replace("adequacy: adequate", "adequacy: BELUM MEMADAI")
        .replace("group: extortion", "group: [pemerasan, suap-menyuap, Perbuatan-Curang]")
        .replace("treatment: reduce", "treatment: kurangi")
        .replace("scheme: pungli", "scheme: mark-up")
    )
    reg = load_register(write(tmp_path, "r.yaml", text))
    assert reg.controls[0].status is ControlStatus.IMPLEMENTED
    assert reg.controls[0].adequacy is Adequacy.INADEQUATE
    assert reg.risks[0].group == (RiskGroup.EXTORTION, RiskGroup.BRIBERY, RiskGroup.FRAUDULENT_ACT)
    assert reg.risks[0].scheme is Scheme.MARK_UP
    assert reg.risks[0].treatment is Treatment.REDUCE


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    step: Penyerahan\n", "    step: Penyerahn\n"),
            "r.yaml:19:5: R-1.step: expected one of the steps of service 'ktp-el' "
            "(Pendaftaran, Penyerahan), got 'Penyerahn' (did you mean 'Penyerahan'?)",
        ),
        (
            ("likelihood: 4, impact: 4", "likelihood: 6, impact: 4"),
            "r.yaml:24:16: R-1.inherent.likelihood: expected a level 1-5, got 6",
        ),
        (
            ("likelihood: 4, impact: 4", "likelihood: 4, impact: tinggi"),
            "r.yaml:24:31: R-1.inherent.impact: expected a level 1-5 or a mapping of impact "
            "areas to levels, got 'tinggi'",
        ),
        (
            ("    owner: kabid\n", "    owner: kabd\n"),
            "r.yaml:23:5: R-1.owner: expected the id of a defined owner, got 'kabd' "
            "(did you mean 'kabid'?)",
        ),
        (
            ("    owner: kabid\n", "    ownr: kabid\n"),
            "r.yaml:23:5: R-1.ownr: unknown field (did you mean 'owner'?)",
        ),
        (("    name: Pungutan liar\n", ""), "r.yaml:17:5: R-1.name: required field is missing"),
        (
            ("    scheme: pungli\n", "    scheme: punglii\n"),
            "r.yaml:22:5: R-1.scheme: expected one of pungli, calo, suap, gratifikasi, "
            "benturan_kepentingan, penyalahgunaan_wewenang, manipulasi_data, pemalsuan_dokumen, "
            "fiktif, mark_up, penggelapan, mempersulit_layanan, other, got 'punglii' "
            "(did you mean 'pungli'?)",
        ),
        (
            ("    mitigates: [R-1]\n", "    mitigates: [R-2]\n"),
            "r.yaml:34:17: C-1.mitigates: expected the id of a defined risk, got 'R-2' "
            "(did you mean 'R-1'?)",
        ),
        (
            ("    due: 2024-Q1\n", "    due: 2024-Q7\n"),
            "r.yaml:35:5: C-1.due: expected a date as YYYY-MM-DD or a quarter as YYYY-Qn, "
            "got '2024-Q7'",
        ),
        (
            ("date: 2023-10-01", "date: 2023-02-30"),
            "r.yaml:37:34: C-1.evidence.date: expected a date as YYYY-MM-DD, got '2023-02-30'",
        ),
        (
            ("    budget: 2500000\n", "    budget: dua juta\n"),
            "r.yaml:36:5: C-1.budget: expected a whole number of 0 or more, got 'dua juta'",
        ),
        (
            ("  year: 2023\n", "  year: '2023'\n"),
            "r.yaml:5:3: register.year: expected a whole number, got '2023'",
        ),
        (
            ("result: effective", "result: manjur"),
            "r.yaml:38:32: C-1.tests.result: expected one of effective, partially_effective, "
            "ineffective, got 'manjur'",
        ),
        (
            ("    steps: [Pendaftaran, Penyerahan]\n", "    steps: Pendaftaran\n"),
            "r.yaml:15:5: ktp-el.steps: expected a list, got 'Pendaftaran'",
        ),
        (
            ("{id: kabid, position", "{id: kadis, position"),
            "r.yaml:10:6: kadis.id: expected a unique id, 'kadis' is also defined at r.yaml:9:6",
        ),
        (
            ("zi_risk: 1\n", "zi_risk: 2\n"),
            "r.yaml:1:1: zi_risk: expected format version 1 or lower, got 2 (written by a newer "
            "zi-risk; upgrade zi-risk to read it)",
        ),
        (
            (
                "    residual: {likelihood: 3, impact: {keuangan: 2, reputasi: 3}}\n",
                "    residual: {likelihood: 3, impact: {keuangan: 2, nyawa: 3}}\n",
            ),
            "r.yaml:25:53: R-1.residual.impact.nyawa: expected an impact area of criteria "
            "bpkp-2019 (keuangan, reputasi, kinerja, layanan, hukum), got 'nyawa'",
        ),
    ],
)
def test_each_check_names_file_line_record_and_field(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: tuple[str, str], expected: str
) -> None:
    """Each kind of mistake gives one precise, located message."""
    assert change[0] in GOOD
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "r.yaml", GOOD.replace(change[0], change[1], 1))
    found = problems_of("r.yaml")
    if "unique id" in expected:  # the renamed owner is now also missing where it was used
        assert found[1:] == [
            "r.yaml:23:5: R-1.owner: expected the id of a defined owner, "
            "got 'kabid' (did you mean 'kadis'?)"
        ]
        found = found[:1]
    assert found == [expected]


def test_every_problem_is_reported_at_once_sorted_by_line(tmp_path: Path) -> None:
    """Several mistakes give several problems, in file order."""
    text = GOOD.replace("likelihood: 4, impact: 4", "likelihood: 0, impact: 9").replace(
        "type: preventive", "type: preventip"
    )
    lines = problems_of(write(tmp_path, "r.yaml", text))
    assert [line.split(": ", 1)[0].rsplit(":", 2)[-2] for line in lines] == ["24", "24", "30"]


def test_split_files_load_as_one_and_errors_name_the_right_file(tmp_path: Path) -> None:
    """A directory of files is one register; a mistake is reported in its own file."""
    write(tmp_path, "reg/register.yaml", HEADER)
    body = GOOD.removeprefix(HEADER)
    write(tmp_path, "reg/units/dukcapil.yaml", "zi_risk: 1\n" + body)
    reg = load_register(tmp_path / "reg")
    assert [r.id for r in reg.risks] == ["R-1"]
    write(
        tmp_path,
        "reg/units/dukcapil.yaml",
        "zi_risk: 1\n" + body.replace("service: ktp-el", "service: ktp"),
    )
    assert problems_of(tmp_path / "reg") == [
        f"{tmp_path}/reg/units/dukcapil.yaml:14:5: R-1.service: expected the id of a defined "
        "service, got 'ktp' (did you mean 'ktp-el'?)"
    ]


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    """The same id in two files is reported with both places."""
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", "zi_risk: 1\nowners:\n  - {id: kabid, position: Lain}\n")
    assert problems_of(tmp_path / "a.yaml", tmp_path / "b.yaml") == [
        f"{tmp_path}/b.yaml:3:6: kabid.id: expected a unique id, 'kabid' is also defined at "
        f"{tmp_path}/a.yaml:10:6"
    ]


def test_register_section_is_required_once(tmp_path: Path) -> None:
    """No register section, or two, is an error."""
    write(tmp_path, "a.yaml", "zi_risk: 1\nunits: []\n")
    assert problems_of(tmp_path / "a.yaml") == [
        f"{tmp_path}/a.yaml: register: expected a 'register:' section in one of the files"
    ]
    write(tmp_path, "b.yaml", HEADER)
    write(tmp_path, "c.yaml", HEADER)
    assert problems_of(tmp_path / "b.yaml", tmp_path / "c.yaml") == [
        f"{tmp_path}/c.yaml:2:1: register: expected one 'register:' section, another is at "
        f"{tmp_path}/b.yaml:2:1"
    ]


def test_missing_version_and_non_mapping_documents(tmp_path: Path) -> None:
    """A file without the version or without a mapping is refused."""
    write(tmp_path, "a.yaml", "register: {}\n")
    assert problems_of(tmp_path / "a.yaml") == [
        f"{tmp_path}/a.yaml:1:1: zi_risk: expected the format version, e.g. 'zi_risk: 1'"
    ]
    write(tmp_path, "b.yaml", "- 1\n- 2\n")
    assert problems_of(tmp_path / "b.yaml") == [
        f"{tmp_path}/b.yaml:1:1: expected a register document (a mapping with 'zi_risk: 1'), "
        "got a list"
    ]


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    """A 'billion laughs' document is refused with a clear message, not expanded."""
    lines = ["zi_risk: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert problems_of(path) == [
        f"{path}:2: expected a document whose aliases repeat at most 100,000 values "
        "(this looks like an alias bomb)"
    ]


def test_files_over_the_size_limit_are_refused(tmp_path: Path) -> None:
    """A file larger than max_bytes is refused before it is read."""
    path = write(tmp_path, "big.yaml", GOOD)
    with pytest.raises(LoadError) as info:
        load_register(path, max_bytes=100)
    assert str(info.value) == (
        f"{path}: expected a file of at most 100 bytes, got {len(GOOD.encode()):,} bytes"
    )


def test_non_utf8_files_are_refused(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 give the line and the byte."""
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.replace("Pungutan liar", "Pungutan liar \xe9").encode("latin-1"))
    assert problems_of(path) == [
        f"{path}:20: expected UTF-8 text, got byte 0xe9 at offset {GOOD.index('Pungutan') + 14}"
    ]


def test_unsafe_tags_are_refused(tmp_path: Path) -> None:
    """YAML tags that would construct Python objects are never executed."""
    path = write(tmp_path, "evil.yaml", HEADER + "units: !!python/object/apply:os.system [ls]\n")
    assert problems_of(path) == [
        f"{path}:6:8: units: expected plain YAML values; tags such as this are not allowed, "
        "got 'tag:yaml.org,2002:python/object/apply:os.system'"
    ]


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    """Broken YAML gives its line and column."""
    path = write(tmp_path, "broken.yaml", "zi_risk: 1\nregister: {title: [\n")
    (line,) = problems_of(path)
    assert line.startswith(f"{path}:3:1: expected valid YAML: ")


def test_paths_that_do_not_exist(tmp_path: Path) -> None:
    """Missing paths and empty directories are reported, not raised as tracebacks."""
    (tmp_path / "empty").mkdir()
    assert problems_of(tmp_path / "nope.yaml", tmp_path / "empty") == [
        f"{tmp_path}/empty: expected .yaml, .yml or .json files in this directory",
        f"{tmp_path}/nope.yaml: expected an existing file or directory",
    ]


def test_a_mapping_loads_directly() -> None:
    """Other tools can pass parsed data instead of files."""
    reg = load_register(
        {"zi_risk": 1, "register": {"title": "T", "organisation": "O", "year": 2024, "quarter": 2}}
    )
    assert reg.period_end == dt.date(2024, 6, 30)
