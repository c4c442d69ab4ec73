"""Procedures in a set of models: how many are rated, the level distribution, and every
"nicht bewertbar" with its reason.

    python benchmarks/procedures.py [PATH ...]     (default: processes/ and ../shared/corpus/real)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from prozess.check import Options, check_paths


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    paths = [Path(p) for p in sys.argv[1:]] or [root / "processes", root.parent / "shared" / "corpus" / "real"]
    for path in paths:
        report = check_paths([path], Options(jobs=1))
        procedures = [(f, p) for f in report.files for p in f.procedures]
        rated = [p for _, p in procedures if p.rated]
        levels = Counter(p.readiness.label for p in rated)
        pools = sum(len(f.processes) for f in report.files)
        print(f"{path.name}: {len(report.files)} files, {pools} pools, {len(procedures)} procedures, "
              f"{len(rated)} rated, {len(procedures) - len(rated)} not rateable")
        print("  levels: " + ", ".join(f"{level} {levels[level]}" for level in sorted(levels)))
        print("  digital mailbox: " + str(sum(p.digital_mailbox for _, p in procedures)))
        for f, p in procedures:
            if not p.rated:
                print(f"  nicht bewertbar: {Path(f.path).name} „{p.name}“: {p.not_rated}")


if __name__ == "__main__":
    main()
