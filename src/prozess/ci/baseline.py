"""Fingerprints and baselines: adopt prozess on a legacy repository without fixing everything first.

A fingerprint identifies a finding by what it is about, not where it stands:

    sha256("v1|<rule>|<file>|<process id>|<element id>")[:16]

plus ``_<n>`` when the same key occurs more than once (in report order). Lines,
coordinates, messages and names are not part of it, so moving an element in the
diagram or reformatting the XML keeps the fingerprint; renaming the file or the
element's id does not.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from ..findings import Finding

VERSION = 1


def fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        key = f"v{VERSION}|{finding.rule}|{finding.file}|{finding.process or ''}|{finding.element or ''}"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        count = seen.get(digest, 0)
        seen[digest] = count + 1
        result.append(replace(finding, fingerprint=digest if count == 0 else f"{digest}_{count}"))
    return result


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: dict[str, dict]  # fingerprint → entry

    @classmethod
    def read(cls, path: Path) -> "Baseline":
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
            raise ValueError(f"{path}: not a prozess baseline (version {VERSION})")
        return cls({entry["fingerprint"]: entry for entry in data["findings"]})

    def mark(self, findings: Iterable[Finding], checked: set[str] | None = None) -> tuple[list[Finding], list[dict]]:
        """Findings marked new/unchanged, and the baseline entries no finding matches any more (fixed).

        ``checked``: the files this run looked at; entries of other files (not checked by a
        --changed-since or --shard run) are not "fixed"."""
        marked = []
        matched = set()
        for finding in findings:
            if finding.fingerprint in self.entries:
                matched.add(finding.fingerprint)
                marked.append(replace(finding, baseline="unchanged"))
            else:
                marked.append(replace(finding, baseline="new"))
        fixed = [
            entry for fp, entry in sorted(self.entries.items())
            if fp not in matched and (checked is None or entry.get("file") in checked)
        ]
        return marked, fixed


def write(findings: Iterable[Finding], path: Path) -> int:
    entries = [
        {
            "fingerprint": f.fingerprint, "rule": f.rule, "file": f.file, "process": f.process,
            "element": f.element, "element_name": f.element_name,
        }
        for f in findings
        if f.suppressed is None
    ]
    entries.sort(key=lambda e: (e["file"], e["fingerprint"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"version": VERSION, "tool": "prozess", "findings": entries}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    return len(entries)
