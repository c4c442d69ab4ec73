"""Time `prozess check` over the BPMN MIWG corpus against a bare lxml parse and bpmnlint.

    python benchmarks/miwg.py [CORPUS]     (default: ../shared/corpus/miwg)

All are measured as whole processes (interpreter start included), on whatever
machine this runs on. The bare parse and the check run alternately (seven pairs,
median of each and of the pairwise ratios), so that a busy neighbour on a shared
machine slows both alike. The package is byte-compiled first, as `pip install`
does (an environment with PYTHONDONTWRITEBYTECODE would otherwise compile every
module on every start). Where Node.js and npm are available, bpmnlint (npm,
recommended configuration) is installed into .cache/bpmnlint and run over the
same files. Targets: check at most 3x the bare parse, at least 5x faster than
bpmnlint.
"""

from __future__ import annotations

import compileall
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BARE = r"""
import sys
from pathlib import Path
from lxml import etree
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
for path in sorted(Path(sys.argv[1]).rglob("*.bpmn")):
    try:
        etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError:
        pass
"""


def timed(cmd: list[str], runs: int = 5, cwd: Path | None = None) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=cwd)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "miwg"
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    files = len(list(corpus.rglob("*.bpmn")))
    import prozess

    compileall.compile_dir(Path(prozess.__file__).parent, quiet=1)
    bare_cmd = [sys.executable, "-c", BARE, str(corpus)]
    check_cmd = [sys.executable, "-m", "prozess", "check", str(corpus), "--format", "json", "--fail-on", "never"]
    timed(check_cmd, runs=1)  # warm the file cache
    pairs = [(timed(bare_cmd, runs=1), timed(check_cmd, runs=1)) for _ in range(7)]
    bare = statistics.median(b for b, _ in pairs)
    check = statistics.median(c for _, c in pairs)
    ratio = statistics.median(c / b for b, c in pairs)
    print(f"files: {files}")
    print(f"bare lxml parse (process): {bare:.2f} s")
    print(f"prozess check --format json (process): {check:.2f} s")
    print(f"ratio: {ratio:.2f} (median of {len(pairs)} pairs; target <= 3)")
    lint = bpmnlint()
    if lint is None:
        print("bpmnlint: not measured (needs node and npm)")
        return
    files_list = [str(p) for p in sorted(corpus.rglob("*.bpmn"))]
    seconds = timed([str(lint), *files_list], runs=3, cwd=lint.parents[2])
    print(f"bpmnlint (recommended): {seconds:.2f} s")
    print(f"prozess is {seconds / check:.1f}x faster than bpmnlint (target >= 5)")


def bpmnlint() -> Path | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    home = Path(__file__).resolve().parents[1] / ".cache" / "bpmnlint"
    binary = home / "node_modules" / ".bin" / "bpmnlint"
    if not binary.exists():
        home.mkdir(parents=True, exist_ok=True)
        (home / "package.json").write_text('{"name": "bench", "private": true}', encoding="utf-8")
        subprocess.run(["npm", "install", "--silent", "bpmnlint"], cwd=home, check=False)
    (home / ".bpmnlintrc").write_text('{"extends": "bpmnlint:recommended"}', encoding="utf-8")
    return binary if binary.exists() else None


if __name__ == "__main__":
    main()
