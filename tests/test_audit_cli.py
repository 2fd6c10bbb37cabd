"""Tests of `zi-risk audit`: text and JSON output, exit codes, flags, determinism."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from zi_risk.cli import main

from .conftest import EXAMPLE, write

REGISTER = """\
zi_risk: 1
register:
  title: Register Risiko Fraud
  organisation: Pemerintah Kabupaten Uji
  year: 2023
  appetite: 11
units:
  - {id: dukcapil, name: Dinas Kependudukan dan Pencatatan Sipil}
owners:
  - {id: kabid, position: Kepala Bidang Dafduk, unit: dukcapil}
  - {id: kasi, position: Kepala Seksi, unit: dukcapil}
services:
  - {id: ktp, unit: dukcapil, name: Penerbitan KTP-el}
risks:
  - id: R-1
    service: ktp
    name: Pungutan liar
    scheme: benturan_kepentingan
    owner: kabid
    inherent: {likelihood: 4, impact: 4}
    residual: {likelihood: 3, impact: 3}
controls:
  - id: C-1
    name: Maklumat layanan gratis
    type: preventive
    status: implemented
    adequacy: adequate
    owner: kasi
    mitigates: [R-1]
    evidence: [{title: SK, date: 2023-10-01}]
    tests: [{date: 2023-10-15, result: effective}]
  - id: C-7
    name: Reviu pengaduan
    type: detective
    status: planned
    due: 2023-Q3
    owner: kasi
    mitigates: [R-1]
"""


def run(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    """Run ``python -m zi_risk`` as a user would, with a fixed hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "zi_risk", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.fixture
def register_file(tmp_path: Path) -> Path:
    return write(tmp_path, "uji.yaml", REGISTER)


def test_text_output_lists_findings_then_metrics(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text output is one line per finding, then the metrics table and a summary; exit 1."""
    assert main(["audit", str(register_file)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"{register_file}:32: ZI203 error C-7: planned control due 2023-09-30 is overdue "
        "(as of 2023-12-31)\n"
        "\n"
        "unit      risks  >=appetite  adequate  prev+det  planned on time  fresh evidence  "
        "tested  errors  warnings  info\n"
        "dukcapil  1      1           1/1       0/1       0/1              1/1             "
        "1/1     1       0         0\n"
        "total     1      1           1/1       0/1       0/1              1/1             "
        "1/1     1       0         0\n"
        "\n"
        "1 errors, 0 warnings, 0 info in 1 risks and 2 controls (as of 2023-12-31)\n"
    )


def test_fail_on_and_as_of(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--fail-on never exits 0; as of the due date nothing is overdue, nor yet evidenced."""
    assert main(["audit", str(register_file), "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["audit", str(register_file), "--as-of", "2023-09-30"]) == 0
    codes = [line.split()[1] for line in capsys.readouterr().out.split("\n\n")[0].splitlines()]
    assert codes == ["ZI205", "ZI206"]  # the evidence and the test are dated in October


def test_disable_and_severity_flags(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--severity lowers a rule below --fail-on; --disable silences it."""
    assert main(["audit", str(register_file), "--severity", "ZI203=warning"]) == 0
    assert " ZI203 warning C-7: " in capsys.readouterr().out
    assert (
        main(["audit", str(register_file), "--severity", "ZI203=warning", "--fail-on", "warning"])
        == 1
    )
    assert main(["audit", str(register_file), "--disable", "ZI101,ZI203"]) == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (
            ["--as-of", "31-12-2023"],
            "Error: --as-of: expected a date as YYYY-MM-DD, got '31-12-2023'\n",
        ),
        (
            ["--disable", "ZI2O3"],
            "Error: unknown rule code 'ZI2O3' (did you mean 'ZI203'?); codes: ZI101-ZI304\n",
        ),
        (
            ["--severity", "ZI203"],
            "Error: expected CODE=LEVEL with LEVEL one of error, warning, info, got 'ZI203'\n",
        ),
        (
            ["--severity", "ZI203=loud"],
            "Error: unknown severity 'loud' for ZI203; expected error, warning or info\n",
        ),
    ],
)
def test_bad_flags_exit_2(
    register_file: Path, capsys: pytest.CaptureFixture[str], flags: list[str], message: str
) -> None:
    """A bad date, rule code or severity is a usage error with a clear message."""
    assert main(["audit", str(register_file), *flags]) == 2
    assert capsys.readouterr().err == message


def test_bad_fail_on_is_a_usage_error(
    register_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fail-on accepts only the severities and never."""
    assert main(["audit", str(register_file), "--fail-on", "fatal"]) == 2
    assert "invalid choice: 'fatal'" in capsys.readouterr().err


def test_unknown_code_in_register_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown code in the register's audit section is a located input problem."""
    text = REGISTER.replace("  appetite: 11\n", "  appetite: 11\n  audit:\n    disable: [ZI999]\n")
    path = write(tmp_path, "uji.yaml", text)
    assert main(["audit", str(path)]) == 3
    assert capsys.readouterr().err == (
        f"{path}:7:3: register.audit.disable: expected a rule code ZI101-ZI304, got 'ZI999'\n"
    )


def test_json_output_is_versioned(register_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """JSON output carries its format version, the findings with paths, and the metrics."""
    assert main(["audit", str(register_file), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "zi-risk-audit/1"
    assert data["as_of"] == "2023-12-31"
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0, "by_code": {"ZI203": 1}}
    assert data["findings"] == [
        {
            "code": "ZI203",
            "severity": "error",
            "subject": "C-7",
            "message": "planned control due 2023-09-30 is overdue (as of 2023-12-31)",
            "file": str(register_file),
            "line": 32,
            "record_path": "controls[1]",
            "unit": "dukcapil",
            "path": [["unit", "dukcapil"], ["service", "ktp"], ["risk", "R-1"], ["control", "C-7"]],
        }
    ]
    assert [r["code"] for r in data["rules"]][:2] == ["ZI101", "ZI102"]
    assert data["metrics"]["total"]["share_effective"] == 1.0
    assert data["config"]["thresholds"] == {
        "evidence_max_age_days": 365,
        "test_max_age_days": 365,
        "max_controls_per_owner": 15,
    }


def test_json_input_findings_sort_by_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A register read from one-line JSON sorts its findings by data path, naturally."""
    doc = yaml.safe_load(REGISTER)
    for n in range(2, 12):
        doc["controls"].append({**doc["controls"][1], "id": f"C-{n + 6}"})
    path = tmp_path / "uji.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    assert main(["audit", str(path), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["record_path"] for f in findings] == [f"controls[{n}]" for n in range(1, 12)]
    assert {f["file"] for f in findings} == {str(path)}


def test_out_writes_the_report(register_file: Path, tmp_path: Path) -> None:
    """--out writes the report to a file; an unwritable one exits 4."""
    target = tmp_path / "out" / "audit.json"
    assert main(["audit", str(register_file), "--format", "json", "--out", str(target)]) == 1
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "zi-risk-audit/1"
    blocker = write(tmp_path, "file", "x")
    assert main(["audit", str(register_file), "--out", str(blocker / "a.txt")]) == 4


def test_missing_input_exits_3(tmp_path: Path) -> None:
    """A path that does not exist is an input problem."""
    assert main(["audit", str(tmp_path / "nope.yaml")]) == 3


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_is_byte_identical_across_hash_seeds(fmt: str, tmp_path: Path) -> None:
    """The example's audit is the same bytes across runs and PYTHONHASHSEED values."""
    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy)
    first = run("audit", str(copy), "--format", fmt, "--fail-on", "never", seed="0")
    second = run("audit", str(copy), "--format", fmt, "--fail-on", "never", seed="4242")
    third = run("audit", str(copy), "--format", fmt, "--fail-on", "never", seed="random")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout == third.stdout
    assert first.stdout.count("\n") > 20
