"""Throughput on generated catalogues and site build time.

    python benchmarks/catalogue_bench.py [N ...]        (default: 1000 10000)
    python benchmarks/catalogue_bench.py --site [N ...] (default: 100 1000)
    … --steps M: steps per procedure (default 40; the site target is set for 20)

Check: `prozess check DIR --format json` with --jobs 1 and with all cores, wall time and peak
memory (GNU time). Site: `prozess site build DIR` (generate + strict MkDocs build), time and size.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalog import generate  # noqa: E402


def run(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    peak = int(re.findall(r"^(\d+)$", done.stderr, re.M)[-1])
    return elapsed, peak


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    args = sys.argv[1:]
    site = "--site" in args
    steps = 40
    if "--steps" in args:
        at = args.index("--steps")
        steps = int(args[at + 1])
        del args[at:at + 2]
    counts = [int(a) for a in args if a.isdigit()] or ([100, 1000] if site else [1000, 10000])
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            folder = Path(tmp) / f"cat{count}"
            generate(folder, count, steps)
            if site:
                out = Path(tmp) / f"site{count}"
                elapsed, peak = run([sys.executable, "-m", "prozess", "site", "build", str(folder), "--out", str(out)])
                print(f"site {count} processes of {steps} steps: {elapsed:.1f} s, output {size(out / 'html') / 1e6:.1f} MB, "
                      f"peak memory {peak / 1024:.0f} MiB")
                shutil.rmtree(out)
                continue
            for jobs in sorted({1, cores}):
                elapsed, peak = run([sys.executable, "-m", "prozess", "check", str(folder), "-f", "json",
                                     "-o", os.devnull, "--fail-on", "never", "--jobs", str(jobs)])
                print(f"check {count} processes, --jobs {jobs}: {elapsed:.1f} s, peak memory {peak / 1024:.0f} MiB")
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
