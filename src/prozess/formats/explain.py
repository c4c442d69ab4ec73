"""`prozess explain`: the steps of a process in flow order, with medium, evidence and breaks."""

from __future__ import annotations

import shutil

from ..bpmn.graph import edges, flow_order
from ..findings import Finding
from ..media.inference import GERMAN, Medium
from ..media.roles import GERMAN as ROLE_NAMES
from ..readiness import CRITERIA, NAMES
from ..report import FileReport
from .printable import printable
from .steps import step_rows


def _cut(text: str, width: int) -> str:
    return printable(text, max(width, 2))


def render(file: FileReport, findings: list[Finding], process_id: str | None = None, width: int | None = None) -> str:
    width = width or max(shutil.get_terminal_size((160, 20)).columns, 140)
    by_element: dict[tuple[str | None, str | None], list[Finding]] = {}
    for finding in findings:
        by_element.setdefault((finding.process, finding.element), []).append(finding)
    out = _service(file)
    for procedure in file.procedures if not process_id else ():
        out += _procedure(procedure)
    for report in file.processes:
        if not process_id or report.process.id == process_id:
            out += _process(report, file, by_element, width)
    if not out:
        out.append(f"no process {process_id!r} in {file.path}" if process_id else f"no process in {file.path}")
    return "\n".join(out) + "\n"


def _service(file: FileReport) -> list[str]:
    """The FIM service of an XProzess export (Leistungsschlüssel, validity, legal bases)."""
    definitions = file.definitions
    service = definitions.service if definitions else None
    if service is None:
        return []
    out = [printable(f"Verfahren: {service.name} – Leistungsschlüssel {service.key}")]
    details = [f"Version {service.version}" if service.version else "",
               f"Status (Code) {service.status}" if service.status else "",
               f"gültig ab {service.valid_from[:10]}" if service.valid_from else "",
               f"gültig bis {service.valid_to[:10]}" if service.valid_to else "",
               f"aus {service.source}" if service.source else ""]
    out.append(printable("  " + "; ".join(d for d in details if d)))
    if service.legal_bases:
        out.append(printable("  Handlungsgrundlagen: " + "; ".join(b.name for b in service.legal_bases)))
    if definitions.embedded:
        out.append(printable(f"  Modell: eingebettete Datei „{definitions.embedded}“"))
    out.append("")
    return out


def _procedure(procedure) -> list[str]:
    """A procedure over its pools: level, pools with roles, intake, identity."""
    pools = ", ".join(f"{p.name} ({ROLE_NAMES[p.role.value]})" for p in procedure.pools)
    level = (f"{procedure.readiness.label} {NAMES[procedure.readiness.level]}" if procedure.readiness is not None
             else f"nicht bewertbar – {procedure.not_rated}")
    return [
        printable(f"Verfahren „{procedure.name}“: {level}"),
        printable(
            f"  Pools: {pools}; Eingang: {GERMAN[procedure.intake]}"
            + (f" (von {procedure.intake_from})" if procedure.intake_from else "")
            + f"; digitaler Briefkasten: {'ja' if procedure.digital_mailbox else 'nein'}"
        ),
        printable("  " + procedure.identity.describe()),
        "",
    ]


def _process(report, file: FileReport, by_element, width: int) -> list[str]:
    """One process: intake and counts, level with its caps, the step table, FIM legal bases."""
    out: list[str] = []
    process, media, definitions = report.process, report.media, file.definitions
    title = printable(f"{process.display_name} ({process.id})")
    out.append(title)
    out.append("=" * len(title))
    if media is not None:
        intake = "unbekannt" if media.digital_intake is None else ("digital" if media.digital_intake else "analog")
        out.append(
            f"Eingang: {intake}; digitales Postfach mit Papierbearbeitung: "
            f"{'ja' if media.digital_mailbox else 'nein'}; Schritte nach Medium: "
            + ", ".join(f"{GERMAN[Medium(k)]} {v}" for k, v in media.counts.items())
        )
    readiness = report.readiness
    if readiness is not None:
        out.append(
            f"Ende-zu-Ende-Stufe: {readiness.label} {NAMES[readiness.level]}"
            + (" (vorläufig)" if readiness.provisional else "")
            + f"; OZG-Schätzung: {readiness.ozg['qualifier']} {readiness.ozg['level']}"
        )
        for cap in readiness.caps:
            if cap.level < 5:
                where = f" [{', '.join(cap.elements)}]" if cap.elements else ""
                out.append(f"  {cap.criterion} {CRITERIA[cap.criterion]} → E{cap.level}: {cap.reason}{where}")
    rows = [("#", "Schritt", "Typ", "Lane", "Medium", "Begründung", "Befund")]
    ordered = flow_order(edges(process, file.definitions), process)
    for index, row in enumerate(step_rows(process, media, ordered), 1):
        marks = [f.rule for f in by_element.get((process.id, row.node.id), [])]
        name = row.name if row.node.name else f"({row.node.id})"
        rows.append((str(index), name, row.type, row.lane, row.medium, row.evidence, ", ".join(marks)))
    out.extend(_table(rows, width))
    bases = [
        (node, group) for node in process.nodes
        if definitions is not None and (group := definitions.activity_group(node.id)) is not None
    ]
    if bases:
        out.append("")
        out.append("Rechtsgrundlagen der Schritte (FIM-Aktivitätengruppen):")
        for node, group in bases:
            norms = "; ".join(
                f"{b.name}" + (f" ({', '.join(b.citations)})" if b.citations != (b.name,) else "")
                for b in group.legal_bases
            ) or "keine angegeben"
            what = f" [{', '.join(group.semantics)}]" if group.semantics else ""
            out.append(printable(f"  {node.name or node.id}{what}: {norms}"))
    out.append("")
    return out


def _table(rows: list[tuple[str, ...]], width: int) -> list[str]:
    caps = [4, 34, 16, 18, 9, 0, 44]
    fixed = sum(c for c in caps if c) + 2 * (len(caps) - 1)
    caps[5] = max(width - fixed, 24)
    cells = [[_cut(cell, caps[i]) for i, cell in enumerate(row)] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(caps))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines
