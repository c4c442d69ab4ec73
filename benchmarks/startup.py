"""Time one `prozess check` of one small model, as pre-commit or an editor runs it on every save.

    python benchmarks/startup.py [RUNS]     (default: 15)

Whole processes (interpreter start included), alternating: the interpreter alone, prozess with
its cache (rule base and lexicon read from it, see src/prozess/cache.py) and with the cache turned
off (PROZESS_CACHE_DIR=, rule files and lexicon read and validated at every start). Medians.
The package is byte-compiled first, as `pip install` does.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "processes" / "wohngeld.bpmn"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    import prozess

    compileall.compile_dir(Path(prozess.__file__).parent, quiet=1)
    check = [sys.executable, "-m", "prozess", "check", str(MODEL), "--format", "json", "--fail-on", "never"]
    with tempfile.TemporaryDirectory() as cache:
        variants = {
            "python -c pass": ([sys.executable, "-c", "pass"], {}),
            "prozess check, cache": (check, {"PROZESS_CACHE_DIR": cache}),
            "prozess check, no cache": (check, {"PROZESS_CACHE_DIR": ""}),
        }
        timed(*variants["prozess check, cache"])  # fills the cache
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(runs):
            for name, (command, env) in variants.items():
                samples[name].append(timed(command, env))
    for name, values in samples.items():
        print(f"{name}: {statistics.median(values) * 1000:.0f} ms (median of {runs})")
    import typer

    print(f"typer {typer.__version__}, Python {sys.version.split()[0]}")


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=dict(os.environ, **env), cwd=ROOT)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
