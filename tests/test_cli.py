"""Tests of the command line: exit codes, summaries, no tracebacks for user mistakes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zi_risk.cli import main

from .conftest import EXAMPLE, write


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m zi_risk`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "zi_risk", *args], capture_output=True, text=True, check=False
    )


def test_validate_prints_the_summary_of_the_example() -> None:
    """The example validates and the summary counts its records."""
    result = run("validate", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 15 units, ")
    assert " risks, " in result.stdout


def test_invalid_input_exits_3_with_every_problem_and_no_traceback(tmp_path: Path) -> None:
    """A file with mistakes prints each located problem on stderr and exits 3."""
    path = write(
        tmp_path,
        "bad.yaml",
        (
            "zi_risk: 1\nregister:\n  title: T\n  organisation: O\n  year: 2023\n"
            "risks:\n  - {id: R-1, service: nope, name: X, inherent: {likelihood: 9, impact: 1}}\n"
        ),
    )
    result = run("validate", str(path))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{path}:7:15: R-1.service: expected the id of a defined service, got 'nope'",
        f"{path}:7:50: R-1.inherent.likelihood: expected a level 1-5, got 9",
        "2 problems",
    ]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command or a missing argument is a usage error."""
    assert main(["frobnicate"]) == 2
    assert main(["validate"]) == 2
    assert "Error: " in capsys.readouterr().err


def test_missing_files_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is an input problem, reported with its name."""
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 3
    assert capsys.readouterr().err == (
        f"{tmp_path}/nope.yaml: expected an existing file or directory\n"
    )


def test_unwritable_output_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output path that cannot be written exits 4 with the file named."""
    blocker = write(tmp_path, "file", "x")
    assert main(["dump", str(EXAMPLE), "--out", str(blocker / "out.yaml")]) == 4
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {blocker}/out.yaml: cannot write: ")


def test_schema_is_valid_json() -> None:
    """`zi-risk schema` prints a JSON Schema document."""
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) == {
        "zi_risk",
        "register",
        "units",
        "owners",
        "services",
        "risks",
        "controls",
    }


def test_dump_writes_one_file_atomically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`zi-risk dump --out` writes the merged register and says so."""
    out = tmp_path / "all.yaml"
    assert main(["dump", str(EXAMPLE), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("zi_risk: 1\n")
    assert capsys.readouterr().err == f"wrote {out}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["all.yaml"]


def test_progress_shows_on_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Loading and rendering draw a progress line on a terminal, and it is cleared after."""
    import zi_risk.progress as progress

    class Eager(progress.Progress):
        def __init__(self, label: str, total: int | None = None, **kw: object) -> None:
            super().__init__(label, total, delay=0.0, interval=0.0)

    monkeypatch.setattr(progress, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(progress, "Progress", Eager)
    assert main(["validate", str(EXAMPLE)]) == 0
    captured = capsys.readouterr()
    assert "reading register files: 16/16 (100%)" in captured.err
    assert captured.err.endswith("\r")  # the line is wiped, not left behind
    assert captured.out == "ok: 15 units, 57 services, 165 risks, 262 controls\n"


def test_no_progress_when_not_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """In pipes, files and CI logs nothing but the result is written."""
    assert main(["validate", str(EXAMPLE)]) == 0
    assert capsys.readouterr().err == ""
