"""The zi-risk benchmark suite: ``python benchmarks/run.py --sizes S,M,L,XL``.

Sizes: S is the shipped example (examples/probolinggo-2023); M, L and XL are
synthetic registers from :func:`zi_risk.synthetic.write_synthetic` (M: 40 units of
about 50 risks; L and XL: 63 and 630 units of about 1,600 risks, 100,800 and
1,008,000 risks). Data is generated once into a cache folder outside the
repository (``$TMPDIR/zi-risk-bench`` or ``--data-dir``) and reused while the
generator is unchanged.

Each stage runs in a fresh process (``benchmarks/stages.py``) so that its peak
memory (``ru_maxrss``) is its own. Beside the stages, the floors measured in the
same run: ``json.load`` of the same files (and ``yaml.load`` with libyaml for the
YAML stage), and writing the same number of output bytes; every stage prints its
ratio to its floor. A stage whose zi_risk function does not exist yet prints
``n/a``. The targets of issue 7 are checked at the end of each size.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "probolinggo-2023"
STAGES_SCRIPT = Path(__file__).resolve().parent / "stages.py"
sys.path.insert(0, str(ROOT / "src"))

from zi_risk.progress import Progress  # noqa: E402

SYNTHETIC = {"M": (40, 50), "L": (63, 1600), "XL": (630, 1600)}
"""Synthetic sizes: (units, risks per unit)."""

DOCUMENTS = (
    ("register", "html"),
    ("register", "md"),
    ("rtp", "html"),
    ("rtp", "md"),
    ("audit", "html"),
    ("audit", "md"),
    ("heatmap", "svg"),
)
"""Each document kind in HTML and Markdown; the heat map (peta risiko) alone is SVG."""
GIB = 1024**3

LABELS = {
    "floor-json": "floor: json.load",
    "floor-yaml": "floor: yaml.load (libyaml)",
    "load-json": "load JSON",
    "load-yaml": "load YAML",
    "load-xlsx": "load XLSX",
    "validate": "validate (load_documents)",
    "score": "score",
    "graph": "build graph",
    "audit": "audit",
    "pipeline": "load JSON+validate+score+audit",
    "export-xlsx": "export XLSX",
    "process": "process: render html,md + export",
}


SKIPPED = {
    ("XL", "floor-yaml"): "skipped at XL (--all runs it): PyYAML's own load is ~1 MB/s",
    ("XL", "load-yaml"): "skipped at XL (--all runs it): over an hour; see docs/scale.md",
}
"""Stages left out by default, with the reason printed in their row."""


def stages_for(size: str) -> list[str]:
    """The stages measured at ``size``, in order (floors first)."""
    small = size in ("S", "M")
    names = ["floor-json", "floor-yaml", "load-json", "load-yaml"]
    names += ["validate", "score", "graph", "audit", "pipeline"]
    if small:
        names += ["export-xlsx", "load-xlsx"]
    scopes = ("unit", "all") if small else ("unit",)
    names += [f"render:{k}:{f}:{s}" for s in scopes for k, f in DOCUMENTS]
    if size == "S":
        names.append("render:register:pdf:all")
    if small:
        names.append("process")
    return names


def label(stage: str, info: dict[str, Any]) -> str:
    if stage.startswith("render:"):
        _, kind, fmt, scope = stage.split(":")
        where = (
            f"unit {info['unit']}"
            if info.get("unit")
            else ("one unit" if scope == "unit" else "all")
        )
        return f"render {kind} {fmt} ({where})"
    return LABELS[stage]


# -- data -------------------------------------------------------------------------------


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def _generator_digest() -> str:
    src = ROOT / "src" / "zi_risk"
    return _digest([src / "synthetic.py", src / "synthetic_vocab.yaml", src / "dump.py"])


def _fresh(root: Path, pattern: str) -> None:
    """Remove older datasets of the same size (only folders this script made)."""
    for old in root.parent.glob(pattern):
        if old != root and old.is_dir() and (old / "meta.json").exists():
            shutil.rmtree(old, ignore_errors=True)


def prepare(size: str, data_dir: Path, seed: int, want_yaml: bool) -> Path:
    """The dataset folder of ``size``: ``meta.json``, ``json/`` and (if wanted) ``yaml/``."""
    if size == "S":
        files = sorted(p for p in EXAMPLE.rglob("*.yaml") if p.is_file())
        root = data_dir / f"S-{_digest(files)}"
        if not (root / "meta.json").exists():
            from zi_risk.source import parse_file

            _fresh(root, "S-*")
            for path in files:  # the example, file by file, as JSON
                data, _ = parse_file(path)
                target = root / "json" / path.relative_to(EXAMPLE).with_suffix(".json")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(data, default=str, ensure_ascii=False) + "\n")
            example = {"size": "S", "source": str(EXAMPLE), "yaml_dir": str(EXAMPLE)}
            (root / "meta.json").write_text(json.dumps(example, indent=1) + "\n")
        return root
    from zi_risk.synthetic import write_synthetic

    units, per_unit = SYNTHETIC[size]
    root = data_dir / f"{size}-s{seed}-{_generator_digest()}"
    _fresh(root, f"{size}-s*")
    for fmt, wanted in (("json", True), ("yaml", want_yaml)):
        stamp = root / f".{fmt}-done"
        if wanted and not stamp.exists():
            _note(f"generating {size} ({units} units x {per_unit} risks) as {fmt} in {root}")
            shutil.rmtree(root / fmt, ignore_errors=True)
            write_synthetic(
                root / fmt, units, seed=seed, risks_per_unit=per_unit, fmt=fmt, progress=True
            )
            stamp.write_text("")
    meta: dict[str, Any] = {"size": size, "units": units, "risks_per_unit": per_unit, "seed": seed}
    (root / "meta.json").write_text(json.dumps(meta, indent=1) + "\n")
    return root


# -- running ----------------------------------------------------------------------------


def _note(text: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(text + "\n")


def run_stage(stage: str, root: Path, timeout: float, mem_limit: int) -> dict[str, Any]:
    """Run one stage in a fresh process and return its JSON result."""

    def limit() -> None:  # runs in the child before exec
        if mem_limit:
            resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))

    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [sys.executable, str(STAGES_SCRIPT), stage, str(root)],
            stdout=subprocess.PIPE,
            stderr=errors,
            preexec_fn=limit,
            start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"stage": stage, "error": f"timed out after {timeout:.0f} s"}
        lines = out.decode(errors="replace").strip().splitlines()
        if proc.returncode == 0 and lines:
            result: dict[str, Any] = json.loads(lines[-1])
        else:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-3:]
            result = {"stage": stage, "error": f"exit {proc.returncode}: {' | '.join(tail)}"}
        if "error" in result:
            errors.seek(0)
            sys.stderr.write(errors.read().decode(errors="replace"))
    return result


# -- the table --------------------------------------------------------------------------


def _secs(s: float) -> str:
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def _mib(kib: int) -> str:
    return f"{kib / 1024:,.0f} MiB"


def _bytes(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def _cut(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _floor(stage: str, results: dict[str, dict[str, Any]]) -> tuple[str, float] | None:
    """The floor a stage is compared with: (its label, its seconds)."""
    r = results.get(stage, {})
    if "write_seconds" in r:
        return f"write {_bytes(r['out_bytes'])}", r["write_seconds"]
    key = "floor-yaml" if stage == "load-yaml" else "floor-json"
    if stage.startswith("floor") or stage == "load-xlsx" or stage == "process":
        return None
    f = results.get(key, {})
    if "seconds" not in f:
        return None
    return ("yaml.load" if key == "floor-yaml" else "json.load"), f["seconds"]


def table(size: str, results: dict[str, dict[str, Any]]) -> list[str]:
    """The printed table of one size."""
    info = results.get("load-json", {}).get("info", {})
    floor_info = results.get("floor-json", {}).get("info", {})
    head = f"== {size}"
    if info:
        head += (
            f": {info['units']:,} units, {info['services']:,} services, {info['risks']:,} risks, "
            f"{info['controls']:,} controls, {info['owners']:,} owners"
        )
    if floor_info:
        head += f"; JSON {_bytes(floor_info['bytes'])} in {floor_info['files']:,} files"
    rows = [("stage", "time", "peak RSS", "floor", "ratio")]
    for stage, r in results.items():
        name = label(stage, r.get("info", {}))
        if "na" in r:
            rows.append((name, "n/a", "", _cut(r["na"]), ""))
            continue
        if "skipped" in r:
            rows.append((name, "skipped", "", r["skipped"], ""))
            continue
        if "error" in r:
            rows.append((name, "error", "", _cut(r["error"]), ""))
            continue
        floor = _floor(stage, results)
        ratio = f"{r['seconds'] / floor[1]:.1f}x" if floor and floor[1] > 0 else ""
        floor_text = f"{floor[0]} {_secs(floor[1])}" if floor else ""
        peak = r.get("info", {}).get("process_peak_kib", r["peak_kib"])
        rows.append((name, _secs(r["seconds"]), _mib(peak), floor_text, ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [head]
    for row in rows:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2])]
        cells += [row[3].ljust(widths[3]), row[4].rjust(widths[4])]
        lines.append("  ".join(cells).rstrip())
    lines += targets(size, results)
    return lines


def _ok(good: bool) -> str:
    return "holds" if good else "MISSED"


def targets(size: str, results: dict[str, dict[str, Any]]) -> list[str]:
    """The issue's targets that this size can check."""
    out: list[str] = []
    pipe, floor = results.get("pipeline", {}), results.get("floor-json", {})
    if size == "M" and "seconds" in results.get("process", {}):
        s = results["process"]["seconds"]
        out.append(
            f"target M: render html,md + export xlsx as processes < 2 s: {_secs(s)} {_ok(s < 2)}"
        )
    if size in ("L", "XL") and "seconds" in pipe and "seconds" in floor:
        ratio = pipe["seconds"] / floor["seconds"]
        out.append(
            f"target {size}: load+validate+score+audit within 5x json.load: {ratio:.1f}x "
            f"{_ok(ratio <= 5)}"
        )
    if size == "XL" and "seconds" in pipe:
        s, peak = pipe["seconds"], pipe["peak_kib"] * 1024
        out.append(f"target XL: load+validate+score+audit < 60 s: {_secs(s)} {_ok(s < 60)}")
        out.append(
            f"target XL: its peak memory < 8 GiB: {peak / GIB:.1f} GiB {_ok(peak < 8 * GIB)}"
        )
    if size == "XL":
        units = [r["seconds"] for k, r in results.items() if k.endswith(":unit") and "seconds" in r]
        if units:
            worst = max(units)
            out.append(
                f"target XL: one unit's documents well under 1 s: slowest {_secs(worst)} "
                f"{_ok(worst < 0.5)}"
            )
    return [f"  {line}" for line in out]


def growth(small: dict[str, Any], big: dict[str, Any]) -> list[str]:
    """Per-stage growth from L to XL (10x the data), against the 12x target."""
    lines = ["== growth L -> XL (10x the data; target: each stage at most 12x)"]
    rows = []
    for stage, r in big.items():
        a = small.get(stage, {})
        if "seconds" in r and "seconds" in a and a["seconds"] > 0:
            rows.append((label(stage, r.get("info", {})), r["seconds"] / a["seconds"]))
    width = max((len(name) for name, _ in rows), default=0)
    lines += [f"  {name:{width}} {g:6.1f}x  {_ok(g <= 12)}" for name, g in rows]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L, XL (default S,M)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic registers")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "zi-risk-bench",
        help="cache of generated registers (default $TMPDIR/zi-risk-bench)",
    )
    parser.add_argument("--only", help="run only stages matching this regular expression")
    parser.add_argument("--skip", help="skip stages matching this regular expression")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per stage")
    parser.add_argument(
        "--mem-limit", type=float, default=16, help="GiB of address space per stage (0: none)"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    parser.add_argument("--all", action="store_true", help="also run the stages skipped at XL")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in ("S", *SYNTHETIC)]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; expected S, M, L or XL")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    history_file = args.data_dir / "results.json"
    history: dict[str, Any] = {}
    if history_file.exists():
        history = json.loads(history_file.read_text(encoding="utf-8"))
    report: dict[str, Any] = {}
    for size in sizes:
        names = stages_for(size)
        if args.only:
            names = [n for n in names if re.search(args.only, n)]
        if args.skip:
            names = [n for n in names if not re.search(args.skip, n)]
        skipped = {} if args.all else {n: SKIPPED[size, n] for n in names if (size, n) in SKIPPED}
        wants_yaml = any("yaml" in n and n not in skipped for n in names)
        root = prepare(size, args.data_dir, args.seed, wants_yaml)
        results: dict[str, dict[str, Any]] = {}
        with Progress(f"{size}", total=len(names)) as bar:
            for name in names:
                bar.label = f"{size}: {name}"
                if name in skipped:
                    results[name] = {"stage": name, "skipped": skipped[name]}
                else:
                    results[name] = run_stage(name, root, args.timeout, int(args.mem_limit * GIB))
                bar.advance()
        sys.stdout.write("\n".join(table(size, results)) + "\n\n")
        sys.stdout.flush()
        report[size] = results
        history[size] = {**history.get(size, {}), **results}
    if "L" in history and "XL" in report:
        sys.stdout.write("\n".join(growth(history["L"], report["XL"])) + "\n")
    history_file.write_text(json.dumps(history, indent=1) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    failed = [f"{s}:{k}" for s, res in report.items() for k, r in res.items() if "error" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
