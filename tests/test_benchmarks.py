"""Tests of the benchmark suite at size S: it runs, prints its table, measures or says n/a.

No timing is asserted: the machine's speed is not the library's behaviour.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from .conftest import ROOT

BENCH = ROOT / "benchmarks"
TIME = re.compile(r"^\d+(\.\d+)? (µs|ms|s)$")


def _run_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_size_s_prints_a_row_for_every_stage(tmp_path: Path) -> None:
    """`run.py --sizes S` exits 0 and every stage has a time or n/a (PDF skipped: it is slow)."""
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "S",
            "--data-dir",
            str(tmp_path / "data"),
            "--skip",
            "pdf",
            "--json",
            str(tmp_path / "out.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("== S: ")
    assert "risks" in lines[0]
    assert lines[1].split() == ["stage", "time", "peak", "RSS", "floor", "ratio"]
    results = json.loads((tmp_path / "out.json").read_text())["S"]
    run = _run_module()
    expected = [s for s in run.stages_for("S") if "pdf" not in s]
    assert list(results) == expected
    rows = lines[2 : 2 + len(expected)]
    for stage, row in zip(expected, rows, strict=True):
        result = results[stage]
        name = run.label(stage, result.get("info", {}))
        assert row.startswith(name), (stage, row)
        cell = row[len(name) :].strip().split("  ")[0].strip()
        assert cell == "n/a" or TIME.match(cell), (stage, row)
        assert ("seconds" in result) != ("na" in result), result


def test_stages_cover_the_issue_at_each_size() -> None:
    """S and M measure spreadsheets and whole-register documents; L and XL one unit only."""
    run = _run_module()
    small, large = run.stages_for("M"), run.stages_for("XL")
    for stage in ("floor-json", "load-json", "load-yaml", "validate", "score", "graph", "audit"):
        assert stage in small
        assert stage in large
    assert {"export-xlsx", "load-xlsx", "process"} <= set(small)
    assert not any("xlsx" in s or s.endswith(":all") for s in large)
    assert "render:register:pdf:all" in run.stages_for("S")
    assert "render:register:html:unit" in large


def test_unknown_size_is_a_usage_error(tmp_path: Path) -> None:
    """An unknown size is refused before anything is generated."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "XXL", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "unknown size XXL; expected S, M, L or XL" in done.stderr
    assert not any(tmp_path.iterdir())
