"""Write a synthetic register: ``python benchmarks/generate.py OUT --units 40 [--format yaml]``.

A thin command line around :func:`zi_risk.synthetic.write_synthetic`: by default a
folder with ``register.json`` and ``units/<id>.json``; ``--one-file`` writes one
file instead. The same arguments always write byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from zi_risk.errors import ZiRiskError
from zi_risk.synthetic import SYNTHETIC_FORMATS, write_synthetic


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write (a file with --one-file)")
    parser.add_argument("--units", type=int, default=40, help="number of units (default 40)")
    parser.add_argument(
        "--risks-per-unit", type=int, default=50, help="average risks per unit (default 50)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--year", type=int, default=2023, help="register year (default 2023)")
    parser.add_argument("--format", choices=SYNTHETIC_FORMATS, default="json")
    parser.add_argument("--one-file", action="store_true", help="write one file, not a folder")
    args = parser.parse_args(argv)
    try:
        files = write_synthetic(
            args.out,
            args.units,
            seed=args.seed,
            risks_per_unit=args.risks_per_unit,
            year=args.year,
            fmt=args.format,
            split=not args.one_file,
            progress=True,
        )
    except ZiRiskError as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return exc.exit_code
    risks = args.units * args.risks_per_unit
    noun = "file" if len(files) == 1 else "files"
    sys.stdout.write(
        f"wrote {len(files)} {noun} to {args.out}: {args.units:,} units, {risks:,} risks\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
