"""Is the JSON report byte-identical before and after a refactoring?

    python benchmarks/identical.py save  OUT_DIR  MODEL_DIR...   # before the change
    python benchmarks/identical.py check OUT_DIR  MODEL_DIR...   # after it: exit 1 and the first difference

Runs `prozess check -f json` (the installed command of this environment) on each model folder and
compares the reports byte for byte. Used for behaviour-preserving moves (docs/architektur.md).
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path


def report(models: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "prozess", "check", models, "-f", "json", "--fail-on", "never"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"prozess check {models} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return done.stdout


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    mode, out, models = argv[0], Path(argv[1]), argv[2:]
    out.mkdir(parents=True, exist_ok=True)
    differing = 0
    for folder in models:
        name = Path(folder).resolve().name + ".json"
        now = report(folder)
        if mode == "save":
            (out / name).write_bytes(now)
            print(f"saved {out / name} ({len(now)} bytes)")
            continue
        before = (out / name).read_bytes()
        if before == now:
            print(f"{folder}: identical ({len(now)} bytes)")
            continue
        differing += 1
        pretty = [json.dumps(json.loads(b), ensure_ascii=False, indent=1).splitlines() for b in (before, now)]
        diff = difflib.unified_diff(*pretty, "before", "after", lineterm="")
        print(f"{folder}: DIFFERENT")
        print("\n".join(list(diff)[:40]))
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
