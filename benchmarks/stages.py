"""One benchmark stage in a fresh process: ``python benchmarks/stages.py STAGE DATASET``.

``run.py`` starts this script once per stage so that every stage's peak memory is
its own (``ru_maxrss`` of this process) and no stage warms another's caches. The
stage's setup (loading the register it works on) is not timed; the timed part is
repeated while it stays short and the best time is kept. The last line of
standard output is one JSON object:

    {"stage": ..., "seconds": ..., "peak_kib": ..., "setup_kib": ..., "out_bytes": ...,
     "write_seconds": ..., "info": {...}}

or ``{"stage": ..., "na": "reason"}`` when the function the stage needs does not
exist (yet) in zi_risk, or ``{"stage": ..., "error": "..."}`` when it failed.

Stages: ``floor-json``, ``floor-yaml``, ``load-json``, ``load-yaml``, ``load-xlsx``,
``validate``, ``score``, ``graph``, ``audit``, ``pipeline`` (load JSON + score +
audit in one process), ``export-xlsx``, ``render:KIND:FMT:SCOPE`` (SCOPE ``unit``
or ``all``), and ``process`` (the ``zi-risk render`` and ``zi-risk export``
commands as processes).
"""

from __future__ import annotations

import gc
import importlib
import inspect
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

Timed = Callable[[], Any]

REPEAT_BUDGET = 0.3
"""Seconds a stage may spend repeating its timed part to get a steadier best time."""


class NotAvailable(Exception):
    """The zi_risk function a stage needs does not exist (yet)."""


def api(name: str, *modules: str) -> Any:
    """The public function ``name`` of zi_risk, or of one of its ``modules``."""
    import zi_risk

    found = getattr(zi_risk, name, None)
    if found is not None and not inspect.ismodule(found):
        return found
    for module in (name, *modules):
        try:
            mod = importlib.import_module(f"zi_risk.{module}")
        except ImportError:
            continue
        found = getattr(mod, name, None)
        if callable(found) and not inspect.ismodule(found):
            return found
    raise NotAvailable(f"zi_risk.{name} does not exist yet")


class Dataset:
    """The files of one benchmark size, as ``run.py`` prepared them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
        self.json_dir = root / "json"
        self.yaml_dir = Path(self.meta["yaml_dir"]) if self.meta.get("yaml_dir") else root / "yaml"
        self.xlsx = root / "register.xlsx"
        self.scratch = Path(tempfile.mkdtemp(prefix="scratch-", dir=root))

    def files(self, folder: Path, suffix: str) -> list[Path]:
        return sorted(p for p in folder.rglob(f"*{suffix}") if p.is_file())

    def register(self) -> Any:
        from zi_risk.loader import load_register

        return load_register(self.json_dir)

    def biggest_unit(self, register: Any) -> str:
        counts: dict[str, int] = {}
        unit_of = {s.id: s.unit for s in register.services}
        for risk in register.risks:
            unit = unit_of[risk.service]
            counts[unit] = counts.get(unit, 0) + 1
        return min(counts, key=lambda u: (-counts[u], u))


def _counts(register: Any) -> dict[str, int]:
    return {
        "units": len(register.units),
        "services": len(register.services),
        "risks": len(register.risks),
        "controls": len(register.controls),
        "owners": len(register.owners),
    }


# -- stages: each does its setup and returns the part to time ------------------------------


def floor_json(d: Dataset, info: dict[str, Any]) -> Timed:
    files = d.files(d.json_dir, ".json")
    info["files"] = len(files)
    info["bytes"] = sum(p.stat().st_size for p in files)

    def run() -> None:
        for path in files:
            with path.open(encoding="utf-8") as handle:
                json.load(handle)

    return run


def floor_yaml(d: Dataset, info: dict[str, Any]) -> Timed:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = d.files(d.yaml_dir, ".yaml")
    info["files"] = len(files)
    info["bytes"] = sum(p.stat().st_size for p in files)

    def run() -> None:
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # libyaml's safe loader

    return run


def load_json(d: Dataset, info: dict[str, Any]) -> Timed:
    from zi_risk.loader import load_register

    def run() -> Any:
        register = load_register(d.json_dir)
        info.update(_counts(register))
        return None

    return run


def load_yaml(d: Dataset, info: dict[str, Any]) -> Timed:
    from zi_risk.loader import load_register

    return lambda: load_register(d.yaml_dir) and None


def load_xlsx(d: Dataset, info: dict[str, Any]) -> Timed:
    if not d.xlsx.exists():
        api("to_xlsx", "xlsx", "xlsx_write")  # n/a while the module is missing
        raise NotAvailable("no workbook: the export-xlsx stage did not write one")
    from zi_risk.loader import load_register

    info["bytes"] = d.xlsx.stat().st_size
    return lambda: load_register(d.xlsx) and None


def validate(d: Dataset, info: dict[str, Any]) -> Timed:
    from zi_risk.loader import Document, load_documents
    from zi_risk.source import parse_file

    docs = []
    for path in d.files(d.json_dir, ".json"):
        data, source = parse_file(path)
        docs.append((data, source, path.parent))

    return lambda: load_documents(Document(*doc) for doc in docs) and None


def score(d: Dataset, info: dict[str, Any]) -> Timed:
    score_register = api("score_register", "scoring")
    register = d.register()
    return lambda: score_register(register) and None


def graph(d: Dataset, info: dict[str, Any]) -> Timed:
    build_graph = api("build_graph", "graph")
    register = d.register()
    return lambda: build_graph(register) and None


def audit(d: Dataset, info: dict[str, Any]) -> Timed:
    check_coverage = api("check_coverage", "coverage")
    register = d.register()

    def run() -> None:
        result = check_coverage(register)
        info["findings"] = len(result.findings)

    return run


def pipeline(d: Dataset, info: dict[str, Any]) -> Timed:
    from zi_risk.loader import load_register

    score_register = api("score_register", "scoring")
    check_coverage = api("check_coverage", "coverage")

    def run() -> None:
        register = load_register(d.json_dir)
        score_register(register)
        check_coverage(register)

    return run


def _workbook_bytes(book: Any) -> bytes:
    if isinstance(book, bytes | bytearray):
        return bytes(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_xlsx(d: Dataset, info: dict[str, Any]) -> Timed:
    to_xlsx = api("to_xlsx", "xlsx", "xlsx_write")
    register = d.register()

    def run() -> bytes:
        data = _workbook_bytes(to_xlsx(register))
        d.xlsx.write_bytes(data)  # for the load-xlsx stage; written again each time, untimed
        return data

    return run


def render(d: Dataset, info: dict[str, Any], kind: str, fmt: str, scope: str) -> Timed:
    render_fn = api("render", "documents", "render")
    register = d.register()
    unit = d.biggest_unit(register) if scope == "unit" else None
    if unit is not None:
        info["unit"] = unit

    def run() -> Any:
        return render_fn(register, kind=kind, fmt=fmt, lang="id", unit=unit)

    return run


def process(d: Dataset, info: dict[str, Any]) -> Timed:
    """``zi-risk render --format html,md`` and ``zi-risk export --xlsx`` as two processes."""
    out = d.scratch / "out"
    commands = [
        ["render", str(d.json_dir), "--format", "html,md", "--out", str(out)],
        ["export", str(d.json_dir), "--xlsx", str(out / "register.xlsx")],
    ]
    for command in commands:  # a command that does not exist yet makes the row n/a
        probe = subprocess.run(
            [sys.executable, "-m", "zi_risk", command[0], "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode != 0:
            raise NotAvailable(f"zi-risk {command[0]} does not exist yet")

    def run() -> None:
        peak = 0
        for command in commands:
            with tempfile.TemporaryFile() as errors:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "zi_risk", *command],
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                )
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode != 0:
                    errors.seek(0)
                    text = errors.read().decode(errors="replace").strip()
                    raise RuntimeError(f"zi-risk {command[0]} exited {proc.returncode}: {text}")
            peak = max(peak, usage.ru_maxrss)
        info["process_peak_kib"] = peak

    return run


STAGES: dict[str, Callable[[Dataset, dict[str, Any]], Timed]] = {
    "floor-json": floor_json,
    "floor-yaml": floor_yaml,
    "load-json": load_json,
    "load-yaml": load_yaml,
    "load-xlsx": load_xlsx,
    "validate": validate,
    "score": score,
    "graph": graph,
    "audit": audit,
    "pipeline": pipeline,
    "export-xlsx": export_xlsx,
    "process": process,
}


def _rss_kib() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _as_bytes(out: Any) -> bytes | None:
    if isinstance(out, str):
        return out.encode("utf-8")
    if isinstance(out, bytes | bytearray):
        return bytes(out)
    return None


def measure(name: str, data: Dataset) -> dict[str, Any]:
    """Run stage ``name`` on ``data`` and return its measurements."""
    info: dict[str, Any] = {}
    if name.startswith("render:"):
        _, kind, fmt, scope = name.split(":")
        timed = render(data, info, kind, fmt, scope)
    else:
        timed = STAGES[name](data, info)
    setup_kib = _rss_kib()
    best = float("inf")
    spent = 0.0
    out: Any = None
    runs = 0
    while runs == 0 or (spent < REPEAT_BUDGET and runs < 5):
        gc.collect()
        start = time.perf_counter()
        out = timed()
        took = time.perf_counter() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
        if name in ("process", "pipeline") or took > REPEAT_BUDGET:
            break
    result: dict[str, Any] = {
        "stage": name,
        "seconds": best,
        "runs": runs,
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "setup_kib": setup_kib,
        "info": info,
    }
    written = _as_bytes(out)
    if written is not None:
        # the floor of an output stage: writing the same number of bytes to a file
        target = data.scratch / "floor.out"
        start = time.perf_counter()
        with target.open("wb") as handle:
            handle.write(written)
        result["write_seconds"] = time.perf_counter() - start
        result["out_bytes"] = len(written)
        target.unlink()
    return result


def main(argv: list[str]) -> int:
    from zi_risk.errors import UsageError

    name, data = argv[0], Dataset(Path(argv[1]))
    try:
        result = measure(name, data)
    except NotAvailable as exc:
        result = {"stage": name, "na": str(exc)}
    except UsageError as exc:  # e.g. a format a document kind does not offer
        result = {"stage": name, "na": f"not offered: {str(exc).splitlines()[0]}"}
    except MemoryError:
        result = {"stage": name, "error": "out of memory (over the --mem-limit)"}
    except Exception as exc:  # report, do not crash the suite
        traceback.print_exc(file=sys.stderr)
        first = str(exc).splitlines()[0] if str(exc) else ""
        result = {"stage": name, "error": f"{type(exc).__name__}: {first}"}
    finally:
        shutil.rmtree(data.scratch, ignore_errors=True)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
