"""Time the analysis (beyond loading) of one generated model of N steps.

    python benchmarks/analysis.py [N]      (default 20000)

The model is a chain with gateways and a loop every 50 steps, German step
names drawn from typical municipal work, a paper intake and a re-keying
step. Target (issue 3): the analysis stays linear and takes well under a
second for 20,000 steps.
"""

from __future__ import annotations

import sys
import time

from prozess.bpmn.loader import load_bytes
from prozess.check import Options, analyse
from prozess.media.lexicon import default_lexicon

NAMES = ["Antrag prüfen", "Unterlagen sichten", "Rückfrage stellen", "Gebühr berechnen", "Vermerk fertigen",
         "Stellungnahme einholen", "Bescheid entwerfen", "Akte abheften", "Daten im Fachverfahren erfassen"]


def model(n: int) -> bytes:
    out = ['<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           'id="D" targetNamespace="x"><bpmn:process id="P">',
           '<bpmn:startEvent id="S" name="Antrag per Post eingegangen"/>']
    prev = "S"
    for i in range(n):
        if i % 50 == 25:
            out.append(f'<bpmn:exclusiveGateway id="G{i}"/>')
            out.append(f'<bpmn:sequenceFlow id="F{i}" sourceRef="{prev}" targetRef="G{i}"/>')
            out.append(f'<bpmn:sequenceFlow id="B{i}" sourceRef="G{i}" targetRef="G{i - 20}"/>' if i > 25 else "")
            prev = f"G{i}"
        else:
            out.append(f'<bpmn:task id="G{i}" name="{NAMES[i % len(NAMES)]} {i}"/>')
            out.append(f'<bpmn:sequenceFlow id="F{i}" sourceRef="{prev}" targetRef="G{i}"/>')
            prev = f"G{i}"
    out.append("</bpmn:process></bpmn:definitions>")
    return "".join(out).encode()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    data = model(n)
    default_lexicon()
    started = time.perf_counter()
    result = load_bytes(data, "generated.bpmn")
    loaded = time.perf_counter()
    _, findings = analyse(result, Options())
    done = time.perf_counter()
    print(f"steps: {n}, findings: {len(findings)}")
    print(f"load: {loaded - started:.3f} s")
    print(f"analysis beyond loading (quality, media, breaks, legal rules): {done - loaded:.3f} s (target: well under 1 s)")


if __name__ == "__main__":
    main()
