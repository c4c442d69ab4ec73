"""Time `prozess check` over the BPMN MIWG corpus against a bare lxml parse of the same files.

    python benchmarks/miwg.py [CORPUS]     (default: ../shared/corpus/miwg)

Both are measured as whole processes (interpreter start included), median of
five runs each, on whatever machine this runs on. Target (issue 2): the ratio
check/bare is at most 4.
"""

from __future__ import annotations

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


def timed(cmd: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "miwg"
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    files = len(list(corpus.rglob("*.bpmn")))
    bare = timed([sys.executable, "-c", BARE, str(corpus)])
    check = timed([sys.executable, "-m", "prozess", "check", str(corpus), "--format", "json", "--fail-on", "never"])
    print(f"files: {files}")
    print(f"bare lxml parse (process): {bare:.2f} s")
    print(f"prozess check --format json (process): {check:.2f} s")
    print(f"ratio: {check / bare:.2f} (target <= 4)")


if __name__ == "__main__":
    main()
