"""Tests of `zi-risk render`: files written, names, exit codes, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from zi_risk.cli import main
from zi_risk.dump import dump_register

from .conftest import write
from .render_fixtures import small_register


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    return write(tmp_path, "reg.yaml", dump_register(small_register()))


def test_default_render_writes_html_md_and_svg(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without options: register, RTP and audit in HTML and Markdown, and the SVG map."""
    out = tmp_path / "docs"
    assert main(["render", str(register_file), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            "register-risiko.html",
            "register-risiko.md",
            "rtp.html",
            "rtp.md",
            "audit.html",
            "audit.md",
            "peta-risiko.svg",
        ]
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"wrote {out / 'register-risiko.html'}"
    assert lines[-1] == f"7 documents in {out}"


def test_units_languages_and_kinds(register_file: Path, tmp_path: Path) -> None:
    """--unit, --lang and --kind choose what is written; names carry unit and language."""
    out = tmp_path / "docs"
    code = main(
        [
            "render",
            str(register_file),
            "--out",
            str(out),
            "--kind",
            "rtp,heatmap",
            "--format",
            "md",
            "--lang",
            "id,en",
            "--unit",
            "dukcapil",
        ]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "peta-risiko-dukcapil.en.svg",
        "peta-risiko-dukcapil.svg",
        "rtp-dukcapil.en.md",
        "rtp-dukcapil.md",
    ]


def test_all_units(register_file: Path, tmp_path: Path) -> None:
    """--all-units writes the whole register and each unit on its own."""
    out = tmp_path / "docs"
    assert (
        main(["render", str(register_file), "--out", str(out), "--kind", "heatmap", "--all-units"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "peta-risiko-dpmptsp.svg",
        "peta-risiko-dukcapil.svg",
        "peta-risiko.svg",
    ]


def test_bad_options_exit_2(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown kind, format, language or unit is a usage error (exit 2)."""
    assert main(["render", str(register_file), "--kind", "summary"]) == 2
    assert capsys.readouterr().err == (
        "Error: --kind: unknown value 'summary'; choose from register, rtp, audit, heatmap\n"
    )
    assert main(["render", str(register_file), "--format", "docx"]) == 2
    assert "--format: unknown value 'docx'" in capsys.readouterr().err
    assert main(["render", str(register_file), "--unit", "dinkes"]) == 2
    assert capsys.readouterr().err == (
        "Error: no unit 'dinkes' in the register; units: dukcapil, dpmptsp\n"
    )


def test_bad_template_exits_3_with_file_and_line(
    register_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template that breaks the sandbox exits 3 and names its file and line."""
    folder = tmp_path / "tpl"
    tpl = write(folder, "md/rtp.md.j2", "x\n{{ doc.__class__ }}\n")
    code = main(
        [
            "render",
            str(register_file),
            "--kind",
            "rtp",
            "--format",
            "md",
            "--templates",
            str(folder),
            "--out",
            str(tmp_path / "docs"),
        ]
    )
    assert code == 3
    assert capsys.readouterr().err.startswith(f"Error: {tpl}:2: template ")


def test_invalid_register_exits_3(tmp_path: Path) -> None:
    """A register that does not load exits 3 before anything is written."""
    bad = write(tmp_path, "bad.yaml", "zi_risk: 1\nregister: {title: x}\n")
    assert main(["render", str(bad), "--out", str(tmp_path / "docs")]) == 3
    assert not (tmp_path / "docs").exists()


def test_unwritable_output_exits_4(register_file: Path, tmp_path: Path) -> None:
    """An output folder that cannot be created is an input/output error (exit 4)."""
    blocker = write(tmp_path, "file", "not a folder")
    assert main(["render", str(register_file), "--out", str(blocker / "docs")]) == 4


def test_failed_render_keeps_the_previous_file(register_file: Path, tmp_path: Path) -> None:
    """When a later document fails, files already there are whole and no temp file is left."""
    out = tmp_path / "docs"
    assert (
        main(["render", str(register_file), "--out", str(out), "--kind", "rtp", "--format", "md"])
        == 0
    )
    before = (out / "rtp.md").read_bytes()
    folder = tmp_path / "tpl"
    write(folder, "md/rtp.md.j2", "{{ nope }}\n")
    assert (
        main(
            [
                "render",
                str(register_file),
                "--out",
                str(out),
                "--kind",
                "rtp",
                "--format",
                "md",
                "--templates",
                str(folder),
            ]
        )
        == 3
    )
    assert (out / "rtp.md").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["rtp.md"]
