"""Score the media analysis against the expert-labelled model sets.

    python benchmarks/labelled.py [SHARED]     (default: ../shared)

For each set (``corpus/real`` with ``labels.json``, ``corpus/realistic`` with its own
``labels.json``) this runs ``prozess check -f json`` as a user would, scores the report with
``tools/score_media.py`` and adds what the scorer does not print: the share of labelled steps
the report leaves ``unknown``, and how many steps the expert could not classify either.
Targets (issue: media breaks on real models): medium right for >= 95 % of the steps whose medium
is labelled, >= 95 % of the labelled breaks found, at most one false break per set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SETS = (("real", "corpus/real", "corpus/real/labels.json"), ("realistic", "corpus/realistic", "corpus/realistic/labels.json"))


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1].parent / "shared"
    scorer = shared / "tools" / "score_media.py"
    failed = False
    for name, folder, labels_path in SETS:
        with tempfile.TemporaryDirectory() as tmp:
            report_path = Path(tmp) / "report.json"
            subprocess.run(
                [sys.executable, "-m", "prozess", "check", str(shared / folder), "-f", "json", "-o", str(report_path),
                 "--fail-on", "never"],
                check=True, stdout=subprocess.DEVNULL,
            )
            scored = subprocess.run(
                [sys.executable, str(scorer), str(report_path), str(shared / labels_path)],
                capture_output=True, text=True, check=False,
            )
            report = json.loads(report_path.read_text(encoding="utf-8"))
        labels = json.loads((shared / labels_path).read_text(encoding="utf-8"))
        medium = {}
        for f in report["files"]:
            case = os.path.splitext(os.path.basename(f["path"]))[0]
            for p in f["processes"]:
                for s in p["steps"]:
                    medium[(case, s["id"])] = s["medium"]
        labelled = [(c, el, want) for c, e in labels.items() for el, want in (e.get("medium") or {}).items()]
        known = [x for x in labelled if x[2] != "unknown"]
        left_unknown = sum(1 for c, el, _ in known if medium.get((c, el), "unknown") == "unknown")
        expert_unknown = len(labelled) - len(known)
        agree_unknown = sum(1 for c, el, want in labelled if want == "unknown" and medium.get((c, el)) == "unknown")
        summary = scored.stdout.strip().splitlines()[-1] if scored.stdout.strip() else scored.stderr
        print(f"{name}: {summary}")
        print(
            f"{name}: {len(labels)} models, {len(labelled)} labelled steps; unknown in the report: "
            f"{left_unknown}/{len(known)} of the classifiable steps ({left_unknown / max(1, len(known)):.1%}); "
            f"the expert could not classify {expert_unknown}, the report agrees on {agree_unknown} of them"
        )
        failed |= scored.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
