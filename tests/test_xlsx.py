"""Tests of the register workbook: export, import, round trip, safety, mistakes located by cell."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from zi_risk.cli import main
from zi_risk.criteria import criteria_from_data
from zi_risk.errors import LoadError, RenderError, UsageError
from zi_risk.loader import load_register
from zi_risk.model import Register
from zi_risk.testing import RegisterBuilder, registers
from zi_risk.xlsx import blank_workbook, read_workbook, to_xlsx

from .conftest import EXAMPLE

INJECTION = '=HYPERLINK("http://x","klik")'


def roundtrip(register: Register, tmp_path: Path, lang: str = "id") -> Register:
    """Write ``register`` as a workbook and load it back."""
    path = tmp_path / f"register-{lang}.xlsx"
    path.write_bytes(to_xlsx(register, lang=lang))
    return load_register(path)


def small() -> RegisterBuilder:
    """A register with one unit, owners, a service with steps, two risks and a control."""
    return (
        RegisterBuilder(signed={"place": "Kraksaan", "date": "2023-11-13"})
        .unit("dukcapil", "Dinas Kependudukan")
        .owner("kabid", "Kepala Bidang", unit="dukcapil")
        .owner("loket", "Koordinator Loket", unit="dukcapil")
        .service("ktp", unit="dukcapil", name="KTP-el", steps=["Pendaftaran", "Pencetakan"])
        .risk("R-1", service="ktp", step="Pendaftaran", owner="kabid", likelihood=4, impact=4)
        .risk("R-2", service="ktp", likelihood=2, impact=3)
        .control("C-1", mitigates=["R-1", "R-2"], owner="loket", adequacy="adequate")
    )


def save(wb: Any, path: Path) -> Path:
    """Save an openpyxl workbook and return its path."""
    wb.save(path)
    return path


# -- round trip ------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registers(max_units=2, max_risks=5, max_controls=5))
def test_round_trip_of_any_register_is_lossless(register: Register) -> None:
    """Any valid register written as a workbook loads back equal, in both languages."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for lang in ("id", "en"):
            assert roundtrip(register, Path(folder), lang) == register


def test_round_trip_of_the_example_is_lossless(tmp_path: Path) -> None:
    """The shipped example survives the workbook unchanged."""
    register = load_register(EXAMPLE)
    assert roundtrip(register, tmp_path) == register


def test_round_trip_keeps_awkward_texts(tmp_path: Path) -> None:
    """Multi-line, Unicode, leading spaces, CR, escapes and formula-like text survive."""
    texts = ["  dua spasi\nbaris ke-2 ", "\r\nCR", "_x000D_ literal", "• butir", "- minus", "@at"]
    reg = (
        RegisterBuilder()
        .risk(
            "R-1",
            name="Pungli 中文 €",
            scenario="\tdimulai tab",
            causes=texts,
            effects=["a\n\nb\n"],
        )
        .build()
    )
    assert roundtrip(reg, tmp_path) == reg


def test_round_trip_keeps_areas_due_quarters_budget_and_acceptance(tmp_path: Path) -> None:
    """Impact per area in order, due as quarter or date, big budgets, audit and acceptance."""
    reg = (
        RegisterBuilder(audit={"disable": ["ZI-001"], "thresholds": {"stale_days": 400}})
        .owner("sekda")
        .risk(
            "R-1",
            impact={"reputasi": 4, "keuangan": 2},
            target={"likelihood": 1, "impact": 2},
            treatment="accept",
            acceptance={"approved_by": "sekda", "date": "2023-05-01", "rationale": "Kecil"},
        )
        .control("C-1", mitigates=["R-1"], due="2024-Q2", budget=12_000_000_000_000_000)
        .control(
            "C-2",
            mitigates=["R-1"],
            status="planned",
            due="2024-02-29",
            evidence=[{"title": "SK", "date": "2023-01-02", "ref": "SK/1"}, "Foto"],
            tests=[{"date": "2023-06-01", "result": "effective", "by": "sekda", "note": "ok"}],
        )
        .build()
    )
    assert roundtrip(reg, tmp_path) == reg
    assert roundtrip(reg, tmp_path, "en") == reg


def test_round_trip_keeps_custom_criteria(tmp_path: Path) -> None:
    """Criteria that are no preset are kept on the criteria-data sheet and read back."""
    custom = {"extends": "bpkp-2019", "name": "kab-x", "appetite": 16}
    reg = RegisterBuilder(criteria=custom).risk("R-1").build()
    assert reg.criteria == criteria_from_data(custom)
    back = roundtrip(reg, tmp_path)
    assert back == reg
    assert back.criteria.name == "kab-x"


def test_export_is_byte_identical_and_has_no_current_time() -> None:
    """Two exports are the same bytes; the workbook's dates come from the register."""
    reg = small().build()
    first = to_xlsx(reg)
    assert first == to_xlsx(reg)
    archive = zipfile.ZipFile(io.BytesIO(first))
    core = archive.read("docProps/core.xml").decode()
    assert "2023-11-13T00:00:00Z" in core
    assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_export_in_another_process_gives_the_same_bytes(tmp_path: Path) -> None:
    """Output does not depend on the process (hash seeds, dict order)."""
    code = (
        "import sys; from tests.test_xlsx import small; from zi_risk.xlsx import to_xlsx;"
        "sys.stdout.buffer.write(to_xlsx(small().build()))"
    )
    outs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
        for seed in ("1", "2")
    ]
    assert outs[0] == outs[1]
    assert outs[0] == to_xlsx(small().build())


# -- the workbook's shape -------------------------------------------------------------------


def test_workbook_has_the_sheets_of_the_official_form() -> None:
    """Indonesian sheet names in form order, with the lists sheet hidden."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    assert wb.sheetnames == [
        "Petunjuk",
        "Identitas",
        "Kriteria",
        "Identifikasi Risiko",
        "Analisis Risiko",
        "RTP",
        "Register Risiko",
        "Peta Risiko",
        "Unit Kerja",
        "Pemilik",
        "Layanan",
        "Pengendalian",
        "Bukti",
        "Pengujian",
        "Daftar",
    ]
    assert wb["Daftar"].sheet_state == "hidden"
    ws = wb["Analisis Risiko"]
    assert ws.freeze_panes == "C4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$2:$3"
    assert ws["D3"].value == "Kemungkinan Inheren"
    assert ws["D4"].value == 4
    assert ws["G4"].value.startswith("=IF(")  # live besaran
    assert ws["J4"].value == "Ada"
    assert ws["L4"].value == "Memadai"


def test_enumerated_cells_carry_drop_downs() -> None:
    """Likelihood, owners, types and the like offer lists from the lists or reference sheets."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    found = {
        (dv.sqref.ranges.pop().coord if False else str(dv.sqref)): dv.formula1
        for dv in wb["Analisis Risiko"].data_validations.dataValidation
    }
    assert found["D4:D205"] == "'Daftar'!$A$2:$A$6"
    controls = {
        str(dv.sqref): dv.formula1 for dv in wb["Pengendalian"].data_validations.dataValidation
    }
    assert controls["E4:E204"] == "'Daftar'!$F$2:$F$4"
    assert controls["H4:H204"] == "'Pemilik'!$B$4:$B$205"
    assert controls["I4:I204"] == "'Identifikasi Risiko'!$B$4:$B$205"
    assert all(len(f) < 255 for f in controls.values())


def test_unknown_language_is_a_usage_error() -> None:
    """Only Indonesian and English labels exist."""
    with pytest.raises(UsageError, match="expected a language 'id' or 'en', got 'fr'"):
        to_xlsx(small().build(), lang="fr")


def test_text_too_long_for_a_cell_is_refused() -> None:
    """Text over Excel's 32,767 characters is refused, naming the record and field."""
    reg = RegisterBuilder().risk("R-1", scenario="x" * 40_000).build()
    with pytest.raises(RenderError) as err:
        to_xlsx(reg)
    assert str(err.value) == (
        "R-1.scenario: a text of 40,000 characters does not fit in a spreadsheet cell "
        "(at most 32,767); shorten it or keep the register in YAML"
    )


# -- safety --------------------------------------------------------------------------------


def test_formula_like_text_stays_inert_text(tmp_path: Path) -> None:
    """A risk named like a formula is a string cell with a quote prefix, unchanged on import."""
    reg = RegisterBuilder().risk("R-1", name=INJECTION).build()
    data = to_xlsx(reg)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["Identifikasi Risiko"]["E4"]
    assert cell.value == INJECTION
    assert cell.data_type == "s"
    assert cell.quotePrefix
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet4.xml").decode()
    assert "<f>HYPERLINK" not in sheet_xml
    assert roundtrip(reg, tmp_path).risks[0].name == INJECTION


# -- import: what people do to workbooks ----------------------------------------------------------


def test_workbook_exported_in_english_reads_indonesian_labels(tmp_path: Path) -> None:
    """Sheets and headers are matched in either language, even mixed in one workbook."""
    reg = small().build()
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(reg, lang="en")))
    wb["Risk analysis"].title = "Analisis Risiko"
    wb["Analisis Risiko"]["D3"] = "Kemungkinan Inheren"
    assert load_register(save(wb, tmp_path / "mixed.xlsx")) == reg


def test_numbers_as_text_dates_as_serials_and_text_blank_rows_and_merged_headers(
    tmp_path: Path,
) -> None:
    """Cells people type are read as they meant them."""
    reg = small().build()
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(reg)))
    ws = wb["Analisis Risiko"]
    ws["D4"] = " 4 "
    ws.insert_rows(5)  # a blank row between records
    ws["B3"] = None  # the header merged down from the band row
    ws["B2"] = "Kode Risiko"
    ident = wb["Identitas"]
    ident["B14"] = 45243  # signature date as an Excel serial
    wb["Pengendalian"]["L4"] = "1.500.000"
    back = load_register(save(wb, tmp_path / "typed.xlsx"))
    assert back.signed is not None
    assert back.signed.date == dt.date(2023, 11, 13)
    assert back.controls[0].budget == 1_500_000
    assert back == attrs.evolve(reg, controls=(attrs.evolve(reg.controls[0], budget=1_500_000),))
    ident["B14"] = "13 November 2023"
    assert load_register(save(wb, tmp_path / "typed2.xlsx")).signed == reg.signed


def test_formula_in_an_input_cell_uses_its_saved_result_or_is_reported(tmp_path: Path) -> None:
    """A formula without a saved result is reported at its cell, never evaluated."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    wb["Analisis Risiko"]["D4"] = "=2+2"
    path = save(wb, tmp_path / "formula.xlsx")
    with pytest.raises(LoadError) as err:
        load_register(path)
    assert str(err.value) == (
        f"{path}!Analisis Risiko!D4: expected a value, got a formula without a saved result "
        "(type the value, or open and save the workbook in a spreadsheet program), got '=2+2'"
    )
    # a saved result (as a spreadsheet program writes it) is used
    with zipfile.ZipFile(path) as src:
        files = {n: src.read(n) for n in src.namelist()}
    name = "xl/worksheets/sheet5.xml"
    files[name] = files[name].replace(b"<f>2+2</f><v />", b"<f>2+2</f><v>4</v>")
    assert b"<f>2+2</f><v>4</v>" in files[name]
    with zipfile.ZipFile(tmp_path / "cached.xlsx", "w") as dst:
        for n, data in files.items():
            dst.writestr(n, data)
    assert load_register(tmp_path / "cached.xlsx").risks[0].inherent.likelihood == 4


def test_typical_mistakes_are_each_located_by_sheet_and_cell(tmp_path: Path) -> None:
    """Score 6, unknown owner, missing id, text in a number column and a duplicated row."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    ws = wb["Analisis Risiko"]
    ws["D4"] = 6
    ws["E5"] = "tinggi"
    ident = wb["Identifikasi Risiko"]
    ident["K4"] = "kabdi"
    for col in "BCDEFGHIJK":
        ident[f"{col}6"] = ident[f"{col}5"].value  # R-2 twice
    wb["Pengendalian"]["B5"] = None
    wb["Pengendalian"]["C5"] = "Pengendalian tanpa kode"
    wb["Pengendalian"]["E5"] = "Preventif"
    wb["Pengendalian"]["F5"] = "Terpasang"
    wb["Pengendalian"]["I5"] = "R-1"
    path = save(wb, tmp_path / "mistakes.xlsx")
    result = subprocess.run(
        [sys.executable, "-m", "zi_risk", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{path}!Analisis Risiko!D4: R-1.inherent.likelihood: expected a level 1-5, got 6",
        f"{path}!Analisis Risiko!E5: R-2.inherent.impact: expected a level 1-5 or a mapping "
        "of impact areas to levels, got 'tinggi'",
        f"{path}!Identifikasi Risiko!B6: R-2.id: expected a unique id, 'R-2' is also defined at "
        f"{path}!Identifikasi Risiko!B5",
        f"{path}!Identifikasi Risiko!K4: R-1.owner: expected the id of a defined owner, "
        "got 'kabdi' (did you mean 'kabid'?)",
        f"{path}!Pengendalian!B5: controls[1].id: required field is missing",
        "5 problems",
    ]


def test_rows_for_unknown_risks_and_controls_are_reported(tmp_path: Path) -> None:
    """Analysis and evidence rows must name a risk or control listed on their own sheets."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    wb["Analisis Risiko"]["B6"] = "R-3"
    wb["Analisis Risiko"]["D6"] = 2
    wb["Analisis Risiko"]["B7"] = "R-1"
    wb["Analisis Risiko"]["D7"] = 2
    wb["Bukti"]["B4"] = "C-9"
    wb["Bukti"]["C4"] = "SK"
    wb["Pengujian"]["C4"] = "2023-01-01"
    path = save(wb, tmp_path / "refs.xlsx")
    with pytest.raises(LoadError) as err:
        load_register(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}!Analisis Risiko!B6: expected the id of a risk on sheet 'Identifikasi Risiko', "
        "got 'R-3' (did you mean 'R-2'?)",
        f"{path}!Analisis Risiko!B7: expected one row per risk, 'R-1' is also at "
        f"{path}!Analisis Risiko!B4",
        f"{path}!Bukti!B4: expected the id of a control on sheet 'Pengendalian', got 'C-9' "
        "(did you mean 'C-1'?)",
        f"{path}!Pengujian!B4: expected a control id in column 'Kode Pengendalian'",
    ]


def test_unknown_and_missing_columns_are_reported(tmp_path: Path) -> None:
    """A mistyped header with data under it, and a required column removed."""
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(small().build())))
    wb["Identifikasi Risiko"]["F3"] = "Skenari Risiko"
    wb["Identifikasi Risiko"]["F4"] = "Petugas meminta uang"
    wb["Layanan"]["D3"] = None
    path = save(wb, tmp_path / "columns.xlsx")
    with pytest.raises(LoadError) as err:
        load_register(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}!Identifikasi Risiko!F3: expected a known column label, got 'Skenari Risiko' "
        "(did you mean 'Skenario Risiko'?)",
        f"{path}!Layanan!A3: expected a column 'Nama Layanan' in the header row",
    ]


def test_impact_column_must_agree_with_the_worst_area(tmp_path: Path) -> None:
    """When impact is given per area, a differing Impact cell is reported."""
    reg = RegisterBuilder().risk("R-1", impact={"keuangan": 2, "reputasi": 4}).build()
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(reg)))
    wb["Analisis Risiko"]["E4"] = 3
    path = save(wb, tmp_path / "areas.xlsx")
    with pytest.raises(LoadError) as err:
        load_register(path)
    assert str(err.value) == (
        f"{path}!Analisis Risiko!E4: R-1.inherent.impact: expected the worst impact area's "
        "level 4 (or an empty cell), got 3"
    )


def test_not_a_workbook_and_oversized_workbooks_are_refused(tmp_path: Path) -> None:
    """A text file named .xlsx, and a workbook over the size limit, get clear errors."""
    fake = tmp_path / "fake.xlsx"
    fake.write_text("halo", encoding="utf-8")
    with pytest.raises(LoadError) as err:
        load_register(fake)
    assert str(err.value) == (
        f"{fake}: expected an .xlsx workbook (a zip file): File is not a zip file"
    )
    real = tmp_path / "real.xlsx"
    real.write_bytes(to_xlsx(small().build()))
    with pytest.raises(LoadError) as err:
        read_workbook(real, max_bytes=1000)
    assert str(err.value) == (
        f"{real}: expected a workbook of at most 1,000 bytes, got {real.stat().st_size:,} bytes"
    )


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet with more filled rows than the limit is refused at the row that passes it."""
    import zi_risk.xlsx_read as reader

    monkeypatch.setattr(reader, "MAX_ROWS", 5)
    path = tmp_path / "big.xlsx"
    path.write_bytes(to_xlsx(small().build()))
    with pytest.raises(LoadError) as err:
        load_register(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}!{sheet}: expected at most 5 filled rows on a sheet"
        for sheet in ("Analisis Risiko!A6", "Identitas!A7", "RTP!A6")
    ]


# -- the blank workbook -----------------------------------------------------------------------


def _choices(wb: Any, formula: str) -> list[Any]:
    """The values a list validation offers, read from the range it names."""
    sheet, cells = formula.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in ws[f"{first}:{last}"] for c in row if c.value is not None]


def _fill(wb: Any, sheet: str, row: int, values: dict[str, Any]) -> None:
    """Fill a row by header label; validated cells take the first value their list offers."""
    ws = wb[sheet]
    header = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[rng.min_col] = dv.formula1
    for label, value in values.items():
        col = header[label]
        if value is None:
            offered = _choices(wb, lists[col])
            assert offered, f"{sheet}!{label} offers nothing"
            value = offered[0]
        ws.cell(row, col).value = value


def test_blank_workbook_filled_through_its_own_lists_loads_cleanly(tmp_path: Path) -> None:
    """The Inspektorat's blank workbook, filled by picking from its drop-downs, is a register."""
    data = blank_workbook(units=[("dukcapil", "Dinas Kependudukan")])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["Unit Kerja"]["B4"].value == "dukcapil"
    wb["Identitas"]["B5"] = "Kabupaten Uji"
    wb["Identitas"]["B6"] = 2024
    _fill(
        wb, "Pemilik", 4, {"Kode Pemilik": "kabid", "Jabatan": "Kepala Bidang", "Kode Unit": None}
    )
    _fill(wb, "Layanan", 4, {"Kode Layanan": "ktp", "Kode Unit": None, "Nama Layanan": "KTP-el"})
    _fill(
        wb,
        "Identifikasi Risiko",
        4,
        {
            "Kode Risiko": "R-1",
            "Kode Layanan": None,
            "Nama Risiko": "Pungli",
            "Kelompok Risiko": None,
            "Modus (Skema)": None,
            "Pemilik Risiko (kode)": None,
        },
    )
    _fill(
        wb,
        "Analisis Risiko",
        4,
        {"Kode Risiko": None, "Kemungkinan Inheren": None, "Dampak Inheren": None},
    )
    _fill(wb, "RTP", 4, {"Kode Risiko": None, "Opsi Penanganan": None})
    _fill(
        wb,
        "Pengendalian",
        4,
        {
            "Kode Pengendalian": "C-1",
            "Nama Pengendalian": "SOP",
            "Jenis": None,
            "Status": None,
            "Kecukupan": None,
            "Penanggung Jawab (kode)": None,
            "Memitigasi Risiko (kode)": None,
        },
    )
    _fill(
        wb,
        "Pengujian",
        4,
        {"Kode Pengendalian": None, "Tanggal Uji": dt.date(2024, 3, 1), "Hasil": None},
    )
    reg = load_register(save(wb, tmp_path / "filled.xlsx"))
    assert reg.organisation == "Kabupaten Uji"
    assert [(r.id, r.service, r.owner) for r in reg.risks] == [("R-1", "ktp", "kabid")]
    assert reg.risks[0].inherent.likelihood == 1
    assert reg.controls[0].mitigates == ("R-1",)
    assert reg.controls[0].tests[0].result.token == "effective"


def test_blank_workbook_is_deterministic_and_checks_its_arguments() -> None:
    """Same arguments, same bytes; unknown presets are usage errors."""
    assert blank_workbook(lang="en") == blank_workbook(lang="en")
    with pytest.raises(UsageError, match="no criteria preset 'bpkp'"):
        blank_workbook(criteria="bpkp")


# -- command line -------------------------------------------------------------------------------


def test_cli_export_writes_workbook_and_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``zi-risk export`` writes both files atomically and says what it wrote."""
    xlsx, csv = tmp_path / "out" / "register-risiko.xlsx", tmp_path / "register.csv"
    assert main(["export", str(EXAMPLE), "--xlsx", str(xlsx), "--csv", str(csv)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {xlsx}", f"wrote {csv}"]
    assert load_register(xlsx) == load_register(EXAMPLE)
    assert csv.read_bytes().startswith(b"\xef\xbb\xbfNo,Kode Risiko,")
    assert not list(tmp_path.glob("**/.*.tmp"))


def test_cli_export_without_a_target_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Export needs --xlsx or --csv."""
    assert main(["export", str(EXAMPLE)]) == 2
    assert capsys.readouterr().err == "Error: expected --xlsx FILE and/or --csv FILE\n"


def test_cli_new_writes_a_blank_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``zi-risk new`` lists the given units and uses the chosen language."""
    path = tmp_path / "blank.xlsx"
    args = ["new", "--xlsx", str(path), "--unit", "duk", "Dukcapil", "--lang", "en"]
    assert main(args) == 0
    assert capsys.readouterr().out == f"wrote {path}\n"
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames[1] == "Register details"
    assert [c.value for c in next(wb["Units"].iter_rows(min_row=4, max_row=4))][1:3] == [
        "duk",
        "Dukcapil",
    ]
