"""A short Markdown summary for a pull-request comment or a CI job summary."""

from __future__ import annotations

from ..report import Report, procedure_index
from .printable import printable

MAX_ROWS = 50


def _cell(text: str | None) -> str:
    return printable(text or "", 160).replace("|", "\\|")


def render(report: Report, context) -> str:
    summary = report.summary()
    failed = report.exit_code(context.fail_on) != 0
    verdict = "❌ Prüfung nicht bestanden" if failed else "✅ Prüfung bestanden"
    lines = [
        "## prozess",
        "",
        f"**{verdict}** – {summary['files']} Dateien, {summary['procedures']} Verfahren ({summary['processes']} Pools): "
        f"{summary['errors']} Fehler, {summary['warnings']} Warnungen, {summary['infos']} Hinweise"
        + (f", {summary['unreadable_files']} Dateien nicht lesbar" if summary["unreadable_files"] else "")
        + (f", {summary['suppressed']} unterdrückt" if summary["suppressed"] else "")
        + (f", Baseline: {summary['baseline_unchanged']} bekannt, {summary['baseline_fixed']} behoben"
           if summary["baseline_unchanged"] or summary["baseline_fixed"] else "")
        + ".",
        "",
    ]
    procedures = [(f, p) for f in report.files for p in f.procedures]
    if procedures:
        lines += ["| Verfahren | Stufe | Eingang | Digitaler Briefkasten | Befunde |", "|---|---|---|---|---:|"]
        owners = procedure_index(report)
        counts: dict[tuple[str, str], int] = {}
        for finding in report.active:
            owner = owners.get((finding.file, finding.process or ""))
            if owner is not None:
                counts[(finding.file, owner.id)] = counts.get((finding.file, owner.id), 0) + 1
        for f, p in procedures[:MAX_ROWS]:
            level = p.readiness.label if p.readiness is not None else f"nicht bewertbar: {_cell(p.not_rated)}"
            lines.append(f"| {_cell(p.name)} | {level} | {p.intake.german} | {'ja' if p.digital_mailbox else 'nein'} "
                         f"| {counts.get((f.path, p.id), 0)} |")
        if len(procedures) > MAX_ROWS:
            lines.append(f"\n… und {len(procedures) - MAX_ROWS} weitere Verfahren.")
        lines.append("")
    unreadable = [f for f in report.files if f.error is not None]
    if unreadable:
        lines += ["| Datei | Zeile | Fehler |", "|---|---|---|"]
        lines += [f"| `{_cell(f.path)}` | {f.error.line or ''} | {_cell(f.error.message)} |" for f in unreadable]
        lines.append("")
    findings = sorted(report.active, key=lambda f: (-f.severity, f.sort_key()))
    if findings:
        lines += ["| Stufe | Ort | Regel | Schritt | Befund |", "|---|---|---|---|---|"]
        for f in findings[:MAX_ROWS]:
            where = f"{f.file}:{f.line}" if f.line else f.file
            lines.append(
                f"| {f.severity.label} | `{_cell(where)}` | `{f.rule}` | {_cell(f.element_name or f.element)} | {_cell(f.message)} |"
            )
        if len(findings) > MAX_ROWS:
            lines.append(f"\n… und {len(findings) - MAX_ROWS} weitere Befunde (vollständig im JSON- oder SARIF-Bericht).")
        lines.append("")
    return "\n".join(lines)
