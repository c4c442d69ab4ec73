"""Generate the readiness site (Markdown + mkdocs.yml + assets) and build it with MkDocs.

    prozess site build processes --out build/site

writes ``<out>/src`` (a plain MkDocs project: Material theme, no third-party
plugins, process pages outside the navigation) and builds it in strict mode to
``<out>/html``. Every build stores a snapshot in ``<out>/history`` and compares
with the previous one. The site makes no request to any external host.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..errors import ProzessError
from ..findings import Severity
from ..formats.steps import step_rows
from ..legal.reference import reference_page
from ..legal.rules import FORM_DE, RuleBase
from ..legal.verdict import LegalVerdict, Verdict
from ..media.breaks import MediaBreak
from ..media.lexicon import words
from ..media.roles import Role, by_name as role_by_name
from ..readiness import MODEL_VERSION, NAMES, Cap
from ..registry import BY_ID
from ..report import FileReport, ProcessReport, Report, procedure_index
from . import diagram, planning, search
from .texts import TEXTS

ASSETS = Path(str(files("prozess") / "site" / "assets"))
TEMPLATES = Path(str(files("prozess") / "site" / "templates"))
HANDBOOK = Path(str(files("prozess") / "site" / "handbook"))  # the project's docs/, shipped with the package
_SLUG = re.compile(r"[^a-z0-9]+")
_BLANK = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")  # indentation and empty lines of the theme's templates
_UNIT = re.compile(r"^\s*(?:zuständig|zustaendig|fachbereich|organisationseinheit)\s*:\s*(.+?)\s*$", re.I | re.M)


class SiteError(ProzessError):
    pass


@dataclass(frozen=True)
class SiteOptions:
    out: Path
    lang: str = "de"
    title: str | None = None
    contact: str | None = None  # feedback contact for the accessibility statement
    docs: Path | None = None  # hand-written pages joining the site
    history: Path | None = None  # default: <out>/history
    build: bool = True  # run mkdocs build after generating
    planning: Any = None  # model path or procedure name -> planning.Planning (from --planning)
    models: bool = False  # copy the BPMN files into the site and link them (--with-models; adds their size)


_CELL = str.maketrans({char: f"&#{ord(char)};" for char in "&<>\"'|*_[]`#\\~{}!"})


def local_time(stamp: str | None, lang: str = "de") -> str:
    """"2026-12-01 19:31 UTC" as officers read it: "01.12.2026, 20:31 Uhr" (German time), else unchanged."""
    if not stamp:
        return ""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%d %H:%M UTC").replace(tzinfo=timezone.utc)
    except ValueError:
        return stamp
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Berlin"))
        zone = ""
    except Exception:  # noqa: BLE001 - no time zone database: stay in UTC and say so
        zone = " UTC"
    if lang == "de":
        return moment.strftime("%d.%m.%Y, %H:%M Uhr") + zone
    return moment.strftime("%Y-%m-%d %H:%M") + (zone or " (Berlin)")


def cell(value: Any) -> str:
    """Text for Markdown with inline HTML, in one pass: HTML-escaped, and nothing Markdown could format or split."""
    return " ".join(("" if value is None else str(value)).translate(_CELL).split())


def yamlstr(value: Any) -> str:
    return json.dumps(str(value), ensure_ascii=False)  # JSON strings are valid YAML scalars


def slug(text: str, limit: int = 60) -> str:
    """A safe file name: lower-case ASCII letters, digits and dashes only, never empty, never a path."""
    folded = "".join(words(text)) and "-".join(words(text))
    value = _SLUG.sub("-", folded.lower()).strip("-")[:limit].strip("-")
    return value or "x"


def page_slug(file: str, process_id: str) -> str:
    digest = hashlib.sha256(f"{file}\x00{process_id}".encode("utf-8")).hexdigest()[:8]
    return f"{slug(Path(file).stem, 40)}-{slug(process_id, 40)}-{digest}"


def unit_of(report: ProcessReport) -> str:
    """The organisation unit: stated (planning file, ``Zuständig: …``), else the authority's pool when
    its name says it is one ("Ordnungsamt"), else "ohne Zuordnung" – never the process name."""
    plan = report.facts.get("planning")
    if plan is not None and plan.unit:
        return plan.unit
    process = report.process
    match = _UNIT.search(process.documentation or "")
    if match:
        return match.group(1)
    procedure = report.facts.get("procedure")
    pools = [p.name for p in procedure.pools if p.role is Role.AUTHORITY and p.reason.startswith("Name")] \
        if procedure is not None else ([process.participant_name] if process.participant_name
                                       and role_by_name(process.participant_name) is Role.AUTHORITY else [])
    return pools[0] if pools else NO_UNIT


NO_UNIT = "ohne Zuordnung"


def _with_planning(entries, options: "SiteOptions") -> list:
    """Attach each procedure's planning (model lines and properties, then the planning file)."""
    sidecar = options.planning or {}
    result = []
    for file_report, process_report in entries:
        plan = planning.from_model(process_report.process)
        for key in (file_report.path, process_report.process.display_name):
            if key in sidecar:
                plan = plan.merged(sidecar[key])
        result.append((file_report, replace(process_report, facts={**process_report.facts, "planning": plan})))
    return result


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _process_entries(report: Report) -> list[tuple[FileReport, ProcessReport]]:
    """One entry per rated procedure (pools linked by message flows are one procedure)."""
    entries = []
    for f in report.files:
        if not f.procedures:
            entries.extend((f, p) for p in f.processes if p.readiness is not None)
            continue
        for procedure in f.procedures:
            if procedure.readiness is not None and procedure.process is not None:
                facts = {"procedure": procedure}
                entries.append((f, ProcessReport(procedure.process, (), facts, procedure.media, procedure.readiness)))
    return entries


def _not_rated(report: Report) -> list[dict[str, str]]:
    return [
        {"name": p.name, "file": f.path, "reason": p.not_rated or ""}
        for f in report.files for p in f.procedures if not p.rated
    ]


def build_site(report: Report, rules: RuleBase, options: SiteOptions) -> Path:
    """Write the MkDocs project and (unless ``options.build`` is False) build it. Returns the html folder."""
    t = TEXTS[options.lang]
    out = options.out.resolve()
    src = out / "src"
    docs = src / "docs"
    if src.exists():
        shutil.rmtree(src)
    docs.mkdir(parents=True)
    env = _environment(options.lang)
    entries = _with_planning(_process_entries(report), options)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    history_dir = (options.history or out / "history").resolve()
    previous, previous_name, history = _history(history_dir)
    grouped = _by_process(report)
    snapshot = _snapshot(report, entries, now, grouped)
    _copy_handbook_and_assets(docs, rules, options)
    pages = {(f.path, p.process.id): f"prozesse/{page_slug(f.path, p.process.id)}.md" for f, p in entries}
    fragments, actions, found = _process_pages(env, t, report, rules, entries, pages, grouped, history, now, docs,
                                               options)
    index = _index_context(entries, pages, t, snapshot, previous, previous_name, now, _not_rated(report), grouped,
                           history)
    overview = {
        "index.md": env.get_template("index.md.j2").render(t=t, **index),
        "normen.md": _norms_page(grouped, entries, pages, t),
        "medienbrueche.md": _breaks_page(grouped, entries, pages, t),
    }
    for page, text in overview.items():
        (docs / page).write_text(_lift_tables(text, page, fragments) if options.build else text, encoding="utf-8")
    units = _unit_pages(entries, pages, t, docs, fragments if options.build else None)
    (docs / "barrierefreiheit.md").write_text(_accessibility_page(t, options), encoding="utf-8")
    (docs / "hilfe.md").write_text(t.help_page, encoding="utf-8")
    _exports(docs / "export", entries, index["register"], actions, now)
    _write_mkdocs(src, t, options, units, docs)
    history_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    (history_dir / f"{stamp}.json").write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")
    html = out / "html"
    if options.build:
        run_mkdocs(["build", "--strict", "-f", str(src / "mkdocs.yml"), "-d", str(html)])
        _finish_pages(html, fragments)
        search.add(html, found)
        _prune_assets(html, options.lang)
    return html


def _environment(lang: str) -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined, autoescape=False,
                      keep_trailing_newline=True)
    # HTML blocks: "e" escapes for HTML; Markdown does not touch the inside of raw HTML tables
    env.filters["cell"] = cell
    env.filters["yamlstr"] = yamlstr
    env.filters["when"] = lambda stamp: local_time(stamp, lang)
    return env


def _copy_handbook_and_assets(docs: Path, rules: RuleBase, options: SiteOptions) -> None:
    """The handbook with the reference of the rules in use, the user's own pages, styles and scripts."""
    # the README's screenshots (bilder/) and the developers' architecture are no page for officers
    shutil.copytree(HANDBOOK, docs / "handbuch", dirs_exist_ok=True, ignore=shutil.ignore_patterns("bilder", "architektur.md"))
    if options.docs is not None:
        if not options.docs.is_dir():
            raise SiteError(f"{options.docs}: no such folder of pages")
        for path in sorted(options.docs.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                target = docs / "seiten" / path.relative_to(options.docs)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    (docs / "handbuch" / "regelwerk").mkdir(parents=True, exist_ok=True)
    (docs / "handbuch" / "regelwerk" / "referenz.md").write_text(reference_page(rules), encoding="utf-8")
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)


def _process_pages(env, t, report: Report, rules: RuleBase, entries, pages, grouped, history, now: str, docs: Path,
                   options: SiteOptions) -> tuple[dict[str, dict[str, str]], list[tuple[str, dict, dict]], list[dict]]:
    """One page per process, written by all cores for a large catalogue. Returns the HTML parts
    inserted after the MkDocs run (by page), every action with its process (for massnahmen.csv) and
    the pages' search entries (see search.py)."""
    (docs / "prozesse").mkdir()
    models = _copy_models(entries, docs / "modelle") if options.models else {}
    _PAGES[:] = [(env, t, _vocabulary(report, rules), entries, pages, grouped, history, now, docs, options, models)]
    try:
        chunks = [range(start, min(start + _CHUNK, len(entries))) for start in range(0, len(entries), _CHUNK)]
        jobs = min(os.cpu_count() or 1, len(chunks))
        if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                done = pool.map(_write_pages, chunks)
        else:
            done = [_write_pages(chunk) for chunk in chunks]
    finally:
        _PAGES.clear()
    fragments: dict[str, dict[str, str]] = {}
    actions: list[tuple[str, dict, dict]] = []
    found: list[dict] = []
    for chunk_fragments, chunk_actions, chunk_found in done:
        fragments.update(chunk_fragments)
        actions.extend(chunk_actions)
        found.extend(chunk_found)
    return fragments, actions, found


_CHUNK = 50  # process pages per task
_PAGES: list[tuple] = []  # what the page writers share (inherited by forked workers, never pickled)


def _write_pages(indexes: range) -> tuple[dict[str, dict[str, str]], list[tuple[str, dict, dict]], list[dict]]:
    """Write the pages of ``entries[i]`` for ``i`` in ``indexes``; their fragments, actions and search entries.

    The Markdown of a page keeps only its headings (for the table of contents) and short texts; the
    rest waits as fragments, and a built site's search entries come from search.py."""
    env, t, vocabulary, entries, pages, grouped, history, now, docs, options, models = _PAGES[0]
    fragments_template = env.get_template("fragments.html.j2")
    page_template = env.get_template("process.md.j2")
    module = fragments_template.make_module()  # the macros are pure: one module serves every page
    fragments: dict[str, dict[str, str]] = {}
    actions: list[tuple[str, dict, dict]] = []  # (file, the process's name and level, action)
    found: list[dict] = []
    for index in indexes:
        file_report, process_report = entries[index]
        findings = grouped[(file_report.path, process_report.process.id)]
        context = _process_context(file_report, process_report, findings, t, vocabulary, history, now)
        context["download"] = models.get(file_report.path, "")
        context["own_search"] = options.build
        owner = {"name": context["name"], "level": context["level"]}
        actions.extend((file_report.path, owner, a) for a in context["actions"])
        text = page_template.render(t=t, p=context)
        page = pages[(file_report.path, process_report.process.id)]
        fragments[page] = {
            "head": str(module.head(t, context)),
            "caps": str(module.caps(t, context)),
            "bases": str(module.bases(t, context)) if context["legal_bases"] else "",
            "history": str(module.history(t, context)) if context["history"] else "",
            "diagram": str(module.diagram(t, context)) if context["svg"] else "",
            "findings": str(module.findings(t, context)),
            "steps": str(module.steps(t, context)),
            "missing": str(module.missing(t, context)),
        }
        if not options.build:  # a live preview (mkdocs serve) builds by itself: keep everything in the page
            for name, fragment in fragments[page].items():
                text = text.replace(f"<!-- prozess:{name} -->", fragment, 1)
        else:
            found.extend(search.entries(_html_link(page), context, t))
        (docs / page).write_text(text, encoding="utf-8")
    return fragments, actions, found


def _exports(export: Path, entries, register: list[dict], actions, now: str) -> None:
    """register.csv, massnahmen.csv (with a byte order mark: a spreadsheet opens UTF-8 only then;
    numbers stay numbers) and register.json (links to the .html pages)."""
    export.mkdir()
    (export / "register.csv").write_text("\ufeff" + _register_csv(entries, register), encoding="utf-8")
    (export / "massnahmen.csv").write_text("\ufeff" + _actions_csv(actions), encoding="utf-8")
    exported = [dict(row, link=row["link"].removesuffix(".md") + ".html") for row in register]
    # one process per line: compact, and a change to one procedure is one line in a diff
    head = json.dumps({"schema": "prozess.register/v1", "generated": now, "model_version": MODEL_VERSION},
                      ensure_ascii=False)
    rows = ",\n".join(json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in exported)
    (export / "register.json").write_text(f'{head[:-1]}, "processes": [\n{rows}\n]}}\n', encoding="utf-8")


# what the theme's search worker loads for a German or English site (lunr.js itself is in the worker)
_LUNR_KEPT = {"de": {"lunr.stemmer.support.min.js", "lunr.multi.min.js", "lunr.de.min.js"},
              "en": {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}}


def _prune_assets(html: Path, lang: str) -> None:
    """Drop what an offline site never loads: source maps and the search's other languages
    (Thai word segmentation alone is 0.7 MB); about 2.3 MB less in every site."""
    scripts = html / "assets" / "javascripts"
    for path in list((html / "assets").rglob("*.map")):
        path.unlink()
    lunr = scripts / "lunr"
    for name in ("wordcut.js", "tinyseg.js"):
        (lunr / name).unlink(missing_ok=True)
    for path in (lunr / "min").glob("*.js") if (lunr / "min").is_dir() else ():
        if path.name not in _LUNR_KEPT.get(lang, _LUNR_KEPT["de"]):
            path.unlink()


_TABLE = re.compile(r"^<table>\n.*?\n</table>$", re.M | re.S)


def _lift_tables(text: str, page: str, fragments: dict[str, dict[str, str]]) -> str:
    """The raw HTML tables of an overview page (the register, the steps under each norm) wait outside
    the Markdown like the diagrams: neither Markdown nor the search plugin has to read their rows."""
    parts: dict[str, str] = {}

    def lift(match: re.Match) -> str:
        name = f"table-{len(parts)}"
        parts[name] = match.group(0)
        return f"<!-- prozess:{name} -->"

    text = _TABLE.sub(lift, text)
    if parts:
        fragments[page] = parts
    return text


def _finish_pages(html: Path, fragments: dict[str, dict[str, str]]) -> None:
    """One pass over the built pages: put diagrams and the large tables in, and point the footer's
    link to the accessibility statement relative to each page (MkDocs leaves it as written).

    The diagrams and tables are plain HTML that neither Markdown nor the search index needs (the
    search excludes them anyway); inserting them after the build keeps a 1,000-process site fast
    to build. The Markdown keeps a comment ``<!-- prozess:… -->`` in their place.
    """
    marker = 'href="barrierefreiheit.html"'
    for path in html.rglob("*.html"):
        relative = path.relative_to(html)
        depth = len(relative.parts) - 1
        parts = fragments.get(relative.with_suffix(".md").as_posix())
        if depth == 0 and parts is None:
            continue
        text = path.read_text(encoding="utf-8")
        original = text
        if parts is not None:
            for name, fragment in parts.items():
                text = text.replace(f"<!-- prozess:{name} -->", fragment, 1)
            text = _BLANK.sub("\n", text)
        if depth and marker in text:
            text = text.replace(marker, f'href="{"../" * depth}barrierefreiheit.html"')
        if text != original:
            path.write_text(text, encoding="utf-8")


def mkdocs_env() -> dict[str, str]:
    """The environment MkDocs runs in: without the banner about MkDocs 2 on every run."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def run_mkdocs(args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", *args], env=mkdocs_env(), capture_output=True, text=True)
    if done.returncode != 0:
        raise SiteError("mkdocs failed:\n" + (done.stderr or done.stdout)[-4000:])


@dataclass(frozen=True)
class Vocabulary:
    """Words a compound step word may contain (rule keywords, step names), for the search keywords.

    Built once per site: finding the parts of a word looks up its prefixes and suffixes.
    """

    written: dict[str, str]  # lower case -> as written; in sorted order, so every build writes the same page
    rank: dict[str, int]

    @classmethod
    def of(cls, words: Iterable[str]) -> "Vocabulary":
        written = {v.lower(): v for v in sorted(words)}
        return cls(written, {low: i for i, low in enumerate(written)})

    def parts(self, low: str) -> list[str]:
        """The words ``low`` begins or ends with (at least four letters, not ``low`` itself)."""
        ends = {low[:k] for k in range(4, len(low))} | {low[-k:] for k in range(4, len(low))}
        return [self.written[p] for p in sorted((p for p in ends if p in self.rank), key=self.rank.__getitem__)]


def _vocabulary(report: Report, rules: RuleBase) -> Vocabulary:
    vocab: set[str] = set()
    for loaded in rules.rules:
        for phrase in loaded.rule.match.keywords:
            vocab.update(w for w in phrase.split() if len(w) >= 4)
    for file in report.files:
        for process in file.processes:
            for node in process.process.nodes:
                vocab.update(w for w in _WORD.findall(node.name))
    return Vocabulary.of(vocab)


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")


def _keywords(texts: list[str], vocabulary: Vocabulary) -> str:
    """Step words for search (the step table is not indexed) and their parts: "Personalausweis" also yields "Ausweis"."""
    found: dict[str, None] = {}
    seen: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text):
            low = word.lower()
            if low in seen:
                continue
            seen.add(low)
            found.setdefault(word, None)
            if len(low) < 8:
                continue
            for part in vocabulary.parts(low):
                found.setdefault(part[0].upper() + part[1:], None)
    return ", ".join(found)


def _numbered(findings: list) -> tuple[list, dict[str, list[int]]]:
    by_element: dict[str, list[int]] = defaultdict(list)
    numbered = []
    for number, finding in enumerate(findings, 1):
        numbered.append((number, finding))
        if finding.element:
            by_element[finding.element].append(number)
    return numbered, by_element


def _process_context(file_report: FileReport, process_report: ProcessReport, findings: list, t,
                     vocabulary: Vocabulary, history: list[dict], now: str = "") -> dict[str, Any]:
    process = process_report.process
    readiness = process_report.readiness
    media = process_report.media
    findings = [f for f in findings if f.rule != "media/unknown-medium"]
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    numbered, by_element = _numbered(findings)
    lanes = {lane.id: lane.name for lane in process.lanes}
    nodes = process.node_map
    unit = unit_of(process_report)
    actions = _actions(readiness, numbered, nodes, lanes, t, unit)
    highlights = _highlights(numbered, by_element, actions, nodes)
    procedure = process_report.facts.get("procedure")
    pools: tuple[tuple[str, str], ...] = ()
    messages: tuple = ()
    if procedure is not None and len(procedure.pools) > 1 and file_report.definitions is not None:
        pools = tuple((p.participant, p.name) for p in procedure.pools if p.participant)
        messages = file_report.definitions.message_flows
    drawing = diagram.render(
        process, file_report.definitions, highlights, uid=page_slug(file_report.path, process.id),
        title=f"{t.diagram}: {process.display_name}", pools=pools, messages=messages,
    )
    steps = [
        {"name": row.name, "type": row.type, "lane": row.lane, "medium": row.medium, "evidence": row.evidence,
         "numbers": by_element.get(row.node.id, [])}
        for row in step_rows(process, media)
    ]
    rows = _finding_rows(numbered, t)
    past = _past(history, f"{file_report.path}#{process.id}", now, readiness, findings)
    # the facts table stays out of the search index; its names are searched through the keywords
    identity = _identity(procedure, t)
    known = procedure is not None and procedure.identity.identified
    names = [process.display_name, unit if unit != NO_UNIT else "", procedure.identity.name if known else ""]
    names += [p.name for p in procedure.pools] if procedure is not None else [process.participant_name or ""]
    names += [n.name for n in process.nodes if n.name]
    return {
        "name": process.display_name, "unit": unit,
        "pool": ", ".join(f"{p.name} ({t.roles[p.role.value]})" for p in procedure.pools)
                if procedure is not None and len(procedure.pools) > 1 else (process.participant_name or "–"),
        "file": file_report.path, "line": process.line,
        "level": readiness.label, "level_name": NAMES[readiness.level], "provisional": readiness.provisional,
        "ozg": f"{readiness.ozg['qualifier']} {readiness.ozg['level']} ({readiness.ozg['model']})",
        "front": readiness.front, "back": readiness.back,
        "digital_share": _percent(readiness.digital_share), "evidence_share": _percent(readiness.evidence_share),
        "caps": [dict(c.to_dict(), elements=_names(nodes, c.elements)) for c in readiness.caps],
        "svg": drawing.svg, "findings": rows, "steps": steps, "auto_layout": drawing.auto_layout,
        "legend": list(drawing.kinds),
        "missing": _later_levels(readiness),
        "history": past[-10:], "keywords": _keywords(names, vocabulary),
        "sparkline": diagram.sparkline([int(h["level"][1:]) for h in past[-10:]], f"{t.history}: "
                                       + ", ".join(h["level"] for h in past[-10:]), page_slug(file_report.path, process.id))
        if len(past) > 1 else "",
        "procedure": _fim_procedure(file_report), "legal_bases": _fim_bases(file_report, process),
        "identity": identity, "status": status_of(readiness, findings, t),
        "planning": [(t.planning_labels[k], v) for k, v in process_report.facts["planning"].to_dict().items()
                     if v and k != "unit"] if process_report.facts.get("planning") else [],
        "unit_hint": t.no_unit_hint if unit == NO_UNIT else "",
        "actions": actions,
    }


def _later_levels(readiness) -> list[tuple[str, list[dict[str, Any]]]]:
    """What caps each higher level, each cap once: the next level's in full (the action list), every
    level after it only with what it adds ("E4: K5 …" after "E3"), levels that add nothing left out."""
    shown: set[Cap] = set()
    later = []
    for target in range(readiness.level + 1, 6):
        caps = [c for c in readiness.missing_for(target) if c not in shown]
        shown.update(caps)
        if caps:
            later.append((f"E{target}", [c.to_dict() for c in caps]))
    return later


def _highlights(numbered, by_element, actions, nodes) -> dict[str, diagram.Highlight]:
    """The diagram's highlights: each step with findings (their numbers, framed by the strongest kind),
    and each step that caps the level without a finding of its own, marked with its action (M…)."""
    highlights = {}
    for element, numbers in by_element.items():
        here = [f for n, f in numbered if n in numbers]
        highlights[element] = diagram.Highlight(tuple(numbers), _highlight_kind(here))
    for action in actions:
        element = action["element"]
        if element and element in nodes and element not in highlights:
            highlights[element] = diagram.Highlight((action["number"],), diagram.CAP, f"massnahme-{action['number']}",
                                                    f"M{action['number']}")
    return highlights


def _finding_rows(numbered, t) -> list[dict[str, Any]]:
    """The findings table: kind in words, norm and remedy; substitutes only where the finding does not
    name them already (no duplicated text between Befund and Abhilfe)."""
    rows = []
    for number, f in numbered:
        legal = f.detail if isinstance(f.detail, LegalVerdict) else None
        substitutes = "; ".join(f"{s['label']} ({s['norm']})" for s in (legal.substitutes if legal else ()))
        if substitutes and substitutes in f.message:
            substitutes = ""
        rows.append({
            "number": number, "step": f.element_name or f.element or "",
            "kind": t.verdicts[legal.verdict.value] if legal else t.kinds.get(f.kind, f.kind),
            "message": f.message, "norm": legal.norm if legal else "", "suppressed": f.suppressed,
            "remedy": (legal.remedy if legal else "") + (f" {t.substitutes}: {substitutes}" if substitutes else ""),
        })
    return rows


def _past(history: list[dict], key: str, now: str, readiness, findings) -> list[dict[str, Any]]:
    """The process's levels in earlier snapshots, and the current state after them (when there are any)."""
    past = [{"date": h["generated"], "level": h["processes"][key]["level"], "findings": h["processes"][key]["findings"],
             "current": False}
            for h in history if key in h.get("processes", {})]
    if past:
        past.append({"date": now, "level": readiness.label, "findings": sum(1 for f in findings if f.active),
                     "current": True})
    return past


def _actions(readiness, numbered, nodes, lanes, t, unit: str) -> list[dict[str, Any]]:
    """The action list for the next level: one row per step that caps it, with what to do, the norm
    (linked to its text) and who is responsible (lane, else the unit)."""
    target = readiness.level + 1
    if target > 5:
        return []
    at: dict[str, list] = {}
    for number, f in numbered:
        at.setdefault(f.element or "", []).append((number, f))
    rows: list[dict[str, Any]] = []
    for cap in readiness.missing_for(target):
        for element in cap.elements or ("",):
            node = nodes.get(element)
            here = at.get(element, [])
            legal = [f.detail for _, f in here if isinstance(f.detail, LegalVerdict) and f.detail.verdict not in _NO_PROBLEM]
            media = [t.media_remedies[f.rule] for _, f in here if f.rule in t.media_remedies]
            what = legal[0].remedy if legal else (media[0] if media else t.cap_actions[cap.criterion])
            rows.append({
                "number": len(rows) + 1, "criterion": cap.criterion, "reason": cap.reason, "element": element,
                "step": (node.name or node.id) if node else "–", "action": what,
                "norm": legal[0].norm if legal else "", "norm_url": (legal[0].norm_url or "") if legal else "",
                "responsible": (lanes.get(node.lane) if node is not None and node.lane else None) or unit,
                "findings": [n for n, _ in here],
            })
    return rows


_NO_PROBLEM = (Verdict.INHERENT, Verdict.MET, Verdict.NO_FORM)


def _highlight_kind(findings: list) -> str:
    """Legal problems (dashed red), media breaks (solid), or acts that are shown, not problems (dotted grey)."""
    legal = [f.detail for f in findings if isinstance(f.detail, LegalVerdict)]
    if any(v.blocks or v.verdict not in (*_NO_PROBLEM, Verdict.UNLAWFUL_PAPER) for v in legal):
        return diagram.LEGAL
    if any(v.verdict is Verdict.UNLAWFUL_PAPER for v in legal):
        return diagram.UNLAWFUL
    if any(f.kind == "media_break" for f in findings):
        return diagram.MEDIA
    return diagram.NOTE if legal else diagram.MEDIA


def status_of(readiness, findings: list, t) -> list[str]:
    """Status chips of a procedure, in German, most urgent first: paper where the law requires the
    electronic way, legally blocked, quick win."""
    chips = []
    if any(isinstance(f.detail, LegalVerdict) and f.detail.verdict is Verdict.UNLAWFUL_PAPER
           and f.severity is Severity.ERROR and f.active for f in findings):
        chips.append(t.eform_violated)
    if readiness.legally_blocked:
        chips.append(t.legally_blocked)
    if readiness.quick_wins:
        chips.append(t.quick_wins)
    return chips


def _identity(procedure, t) -> dict[str, str]:
    """The procedure of the catalogue, how it was recognised, its procedural law and form (German labels)."""
    identity = procedure.identity if procedure is not None else None
    if identity is None or not identity.identified:
        return {"name": t.not_identified, "law": "", "form": ""}
    law = identity.to_dict()
    return {
        "name": f"{identity.name} ({t.identified_by[identity.how or 'name']}: {identity.evidence})",
        "law": law["procedural_law_name"] or "",
        "form": FORM_DE.get(identity.application_form or "", ""),
    }


def _fim_procedure(file_report: FileReport) -> str:
    service = file_report.definitions.service if file_report.definitions else None
    if service is None:
        return ""
    return f"{service.name} ({service.key})" if service.name else service.key


def _fim_bases(file_report: FileReport, process) -> list[dict[str, Any]]:
    """Per step of a FIM model: its legal bases, each with its link where the model gives one."""
    definitions = file_report.definitions
    if definitions is None or not definitions.activity_groups:
        return []
    rows = []
    for node in process.nodes:
        group = definitions.activity_group(node.id)
        if group is not None and group.legal_bases:
            rows.append({"step": node.name or node.id,
                         "bases": [{"name": b.name, "uri": b.uri if (b.uri or "").startswith(("https://", "http://")) else ""}
                                   for b in group.legal_bases]})
    return rows


def _name(nodes: dict, element: str) -> str:
    node = nodes.get(element)
    return f"„{node.name}“" if node is not None and node.name else element


def _names(nodes: dict, elements: list[str], limit: int = 8) -> list[str]:
    """Step names of a cap, each once; long lists end with "… und N weitere"."""
    names = list(dict.fromkeys(_name(nodes, e) for e in elements))
    if len(names) > limit:
        return names[:limit] + [f"… und {len(names) - limit} weitere"]
    return names


def _by_process(report: Report) -> dict[tuple[str, str | None], list]:
    """Findings by (file, procedure id): the findings of every pool of a procedure together."""
    owners = procedure_index(report)
    grouped: dict[tuple[str, str | None], list] = defaultdict(list)
    for finding in report.findings:
        owner = owners.get((finding.file, finding.process or ""))
        grouped[(finding.file, owner.id if owner is not None else finding.process)].append(finding)
    return grouped


def _snapshot(report: Report, entries, now: str, grouped) -> dict[str, Any]:
    processes = {}
    for file_report, process_report in entries:
        count = sum(1 for f in grouped[(file_report.path, process_report.process.id)] if f.active)
        processes[f"{file_report.path}#{process_report.process.id}"] = {
            "name": process_report.process.display_name, "level": process_report.readiness.label, "findings": count,
        }
    return {"generated": now, "model_version": MODEL_VERSION, "tool_version": report.tool_version, "processes": processes}


def _history(folder: Path) -> tuple[dict | None, str | None, list[dict]]:
    if not folder.is_dir():
        return None, None, []
    snapshots = []
    for path in sorted(folder.glob("*.json")):
        try:
            snapshots.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a damaged snapshot is skipped, never fatal
    if not snapshots:
        return None, None, []
    return snapshots[-1], snapshots[-1].get("generated"), snapshots


def _index_context(entries, pages, t, snapshot, previous, previous_name, now, not_rated=(), grouped=None,
                   history=None) -> dict[str, Any]:
    grouped = grouped or {}
    register = []
    level_counts = Counter()
    fronts = ["analog", "digital-dokument", "digital-strukturiert"]
    backs = ["papier", "hybrid", "digital"]
    matrix = {f: {b: 0 for b in backs} for f in fronts}
    kpi = {"processes": 0, "end_to_end": 0, "breaks": 0, "hard": 0, "quick": 0}
    for file_report, process_report in entries:
        r = process_report.readiness
        link = pages[(file_report.path, process_report.process.id)]
        register.append({
            "name": process_report.process.display_name, "link": link, "unit": unit_of(process_report),
            "level": r.label, "provisional": r.provisional, "digital_share": _percent(r.digital_share),
            "digital_percent": "" if r.digital_share is None else round(r.digital_share * 100),
            "main_reason": r.caps[0].reason if r.caps else "–",
            "breaks": r.breaks, "hard": r.hard_blockers, "quick": len(r.quick_wins), "file": file_report.path,
            "status": status_of(r, grouped.get((file_report.path, process_report.process.id), []), t),
            "planning": process_report.facts["planning"].to_dict() if process_report.facts.get("planning") else {},
        })
        level_counts[r.level] += 1
        matrix[r.front][r.back] += 1
        kpi["processes"] += 1
        kpi["end_to_end"] += r.end_to_end
        kpi["breaks"] += r.breaks
        kpi["hard"] += r.hard_blockers
        kpi["quick"] += len(r.quick_wins)
    register.sort(key=lambda row: (row["level"], row["name"]))
    levels = [(f"E{level}", NAMES[level], level_counts[level]) for level in range(6)]
    chart = diagram.bar_chart([(label, count) for label, _, count in levels], t.chart_caption, "levels")
    changes = []
    if previous:
        before = previous.get("processes", {})
        for key, now_entry in snapshot["processes"].items():
            old = before.get(key)
            if old is None or old["level"] != now_entry["level"] or old["findings"] != now_entry["findings"]:
                file, _, pid = key.rpartition("#")
                changes.append({
                    "name": now_entry["name"], "link": pages.get((file, pid), "index.md"),
                    "before": f"{old['level']}, {old['findings']} {t.findings}" if old else t.new,
                    "now": f"{now_entry['level']}, {now_entry['findings']} {t.findings}",
                })
            elif old.get("name") != now_entry["name"]:
                file, _, pid = key.rpartition("#")
                changes.append({"name": now_entry["name"], "link": pages.get((file, pid), "index.md"),
                                "before": f"{t.renamed} „{old.get('name')}“", "now": now_entry["level"]})
        for key, old in before.items():
            if key not in snapshot["processes"]:
                changes.append({"name": old.get("name", key), "link": None,
                                "before": f"{old['level']}, {old['findings']} {t.findings}", "now": t.removed})
    trend = [(h.get("generated", ""), Counter(p["level"] for p in h.get("processes", {}).values()))
             for h in (history or [])][-9:]
    if trend:
        trend.append((now, Counter(r["level"] for r in register)))
    return {"register": register, "levels": levels, "chart": chart, "matrix": matrix, "fronts": fronts,
            "backs": backs, "kpi": kpi, "changes": changes, "previous": previous_name, "generated": now,
            "model_version": MODEL_VERSION, "not_rated": not_rated,
            "trend": [(when, [counts.get(f"E{level}", 0) for level in range(6)]) for when, counts in trend]}


_WIDE = "---\nhide:\n  - navigation\n---\n"  # top-level pages: the tabs navigate, the content gets the width


def _norms_page(grouped, entries, pages, t) -> str:
    norms: dict[str, dict[str, Any]] = {}
    for file_report, process_report in entries:
        for f in grouped[(file_report.path, process_report.process.id)]:
            legal = f.detail
            if not isinstance(legal, LegalVerdict) or not f.active:
                continue
            entry = norms.setdefault(legal.norm, {"unlawful": set(), "hard": set(), "quick": set(), "other": set(),
                                                  "rows": [], "rule": f.rule, "substitutes": legal.substitutes,
                                                  "url": legal.norm_url})
            key = (file_report.path, process_report.process.id)
            if legal.verdict is Verdict.UNLAWFUL_PAPER and f.severity is Severity.ERROR:
                bucket = "unlawful"  # the law requires the electronic way: the most urgent, no blocker
            elif legal.blocks:
                bucket = "hard"
            elif legal.open_substitute(f.severity):
                bucket = "quick"
            else:
                bucket = "other"
            entry[bucket].add(key)
            entry["rows"].append((key, process_report.process.display_name, f))
    ranked = sorted(norms.items(), key=lambda item: (
        -len(item[1]["unlawful"]), -len(item[1]["hard"]), -len(item[1]["quick"]), item[0]))
    lines = [_WIDE, f"# {t.norms}", "", t.norms_intro, "",
             f"| {t.norm} | {t.unlawful} | {t.hard_blocked} | {t.quick_wins} | {t.other} |", "|---|---:|---:|---:|---:|"]
    for norm, entry in ranked:
        lines.append(f"| [{cell(norm)}](#{slug(norm)}) | {len(entry['unlawful'])} | {len(entry['hard'])} | "
                     f"{len(entry['quick'])} | {len(entry['other'])} |")
    for norm, entry in ranked:
        # the steps under each norm stay out of the search (each process page is found by itself)
        lines += ["", f"## {cell(norm)} {{#{slug(norm)} data-search-exclude}}", ""]
        if entry["url"]:
            lines += [f"[{t.law_text}]({entry['url']})", ""]
        if entry["substitutes"]:
            lines.append(f"{t.substitutes}: " + "; ".join(f"{cell(s['label'])} ({cell(s['norm'])})" for s in entry["substitutes"]))
            lines.append("")
        lines.append(_table_html([t.process, t.step, t.finding], (
            [f'<a href="{_html_link(pages[key])}">{cell(name)}</a>', cell(f.element_name or f.element), cell(f.message)]
            for key, name, f in entry["rows"]
        )))
    if not ranked:
        lines.append(t.no_findings)
    return "\n".join(lines) + "\n"


def _table_html(headers: list[str], rows: Iterable[list[str]], numeric: frozenset[int] = frozenset()) -> str:
    """A catalogue-sized table as raw HTML: Markdown would parse every cell of it (a second of a
    1,000-procedure build per page), and the search plugin reads it again. Cells come escaped;
    the columns in ``numeric`` are right-aligned."""
    opening = ["<td class=\"prozess-num\">" if i in numeric else "<td>" for i in range(len(headers))]
    head = "".join(f"<th class=\"prozess-num\">{h}</th>" if i in numeric else f"<th>{h}</th>"
                   for i, h in enumerate(headers))
    body = "\n".join("<tr>" + "".join(f"{opening[i]}{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _html_link(page: str) -> str:
    """A page's link in raw HTML, where MkDocs does not turn ``.md`` into ``.html``."""
    return page.removesuffix(".md") + ".html"


def _breaks_page(grouped, entries, pages, t) -> str:
    by_pattern: dict[str, list] = defaultdict(list)
    by_unit: dict[str, Counter] = defaultdict(Counter)
    for file_report, process_report in entries:
        for f in grouped[(file_report.path, process_report.process.id)]:
            if isinstance(f.detail, MediaBreak) and f.active:
                by_pattern[f.rule].append((pages[(file_report.path, process_report.process.id)],
                                           process_report.process.display_name, f))
                by_unit[f.detail.lane or unit_of(process_report)][f.rule] += 1
    lines = [_WIDE, f"# {t.breaks_title}", "", t.breaks_intro, "", f"| {t.pattern} | {t.count} |", "|---|---:|"]
    for rule, rows in sorted(by_pattern.items(), key=lambda item: -len(item[1])):
        doc = rule.split("/", 1)[1]
        lines.append(f"| [{cell(BY_ID[rule].title)}](handbuch/medienbrueche/{doc}.md) | {len(rows)} |")
    lines += ["", f"## {t.by_unit}", "", f"| {t.unit} | {t.pattern} | {t.count} |", "|---|---|---:|"]
    for unit, counts in sorted(by_unit.items()):
        for rule, count in counts.most_common():
            lines.append(f"| {cell(unit)} | {cell(BY_ID[rule].title)} | {count} |")
    for rule, rows in sorted(by_pattern.items()):
        lines += ["", f"## {cell(BY_ID[rule].title)} {{ data-search-exclude }}", ""]
        lines.append(_table_html([t.process, t.step, t.lane], (
            [f'<a href="{_html_link(link)}">{cell(name)}</a>', cell(f.element_name or f.element), cell(f.detail.lane or "")]
            for link, name, f in rows
        )))
    return "\n".join(lines) + "\n"


def _unit_pages(entries, pages, t, docs: Path, fragments: dict[str, dict[str, str]] | None) -> list[tuple[str, str]]:
    """The page of every unit, its processes in a raw HTML table (lifted out of the Markdown into
    ``fragments`` when the site is built), and the index of the units."""
    units: dict[str, list] = defaultdict(list)
    for file_report, process_report in entries:
        units[unit_of(process_report)].append((file_report, process_report))
    folder = docs / "bereiche"
    folder.mkdir()
    index = [f"# {t.units}", "", f"| {t.unit} | {t.processes} | {t.levels} |", "|---|---:|---|"]
    made = []
    for unit, members in sorted(units.items()):
        name = f"{slug(unit)}-{hashlib.sha256(unit.encode()).hexdigest()[:6]}.md"
        levels = Counter(p.readiness.label for _, p in members)
        index.append(f"| [{cell(unit)}]({name}) | {len(members)} | {', '.join(f'{k}: {v}' for k, v in sorted(levels.items()))} |")
        rows = (
            [f'<a href="../{_html_link(pages[(file_report.path, p.process.id)])}">{cell(p.process.display_name)}</a>',
             p.readiness.label, str(p.readiness.breaks), str(p.readiness.hard_blockers)]
            for file_report, p in sorted(members, key=lambda m: m[1].readiness.level)
        )
        table = _table_html([t.process, t.level, t.media_breaks, t.hard_blockers], rows, numeric=frozenset({2, 3}))
        text = f"---\ntitle: {yamlstr(cell(unit))}\n---\n\n# {cell(unit)}\n\n{table}\n"
        if fragments is not None:
            text = _lift_tables(text, f"bereiche/{name}", fragments)
        (folder / name).write_text(text, encoding="utf-8")
        made.append((unit, f"bereiche/{name}"))
    (folder / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
    return made


def _accessibility_page(t, options: SiteOptions) -> str:
    contact = options.contact or t.no_contact
    return t.accessibility_page.format(contact=cell(contact), date=datetime.now(timezone.utc).strftime("%d.%m.%Y"))


def csv_cell(value: Any) -> Any:
    """A spreadsheet cell that cannot start a formula ("=HYPERLINK(…)", "+", "-", "@", tab, CR)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _register_csv(entries, register: list[dict]) -> str:
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer, delimiter=";"))
    extra = ["verantwortlich", "kontakt", "fachverfahren", "leika", "fallzahl", "planungsstatus", "zieltermin"]
    keys = ["owner", "contact", "system", "leika", "cases", "status", "target"]
    writer.writerow(["prozess", "datei", "einheit", "stufe", "vorlaeufig", "digitalanteil_prozent", "medienbrueche",
                     "harte_hindernisse", "quick_wins", "status", *extra])
    for row in register:
        plan = row.get("planning", {})
        cases = plan.get("cases")
        writer.writerow([row["name"], row["file"], row["unit"], row["level"], "ja" if row["provisional"] else "nein",
                         row["digital_percent"], row["breaks"], row["hard"], row["quick"], ", ".join(row["status"]),
                         *[(int(cases) if k == "cases" and cases and cases.isdigit() else plan.get(k) or "")
                           for k in keys]])
    return buffer.getvalue()


def _copy_models(entries, folder: Path) -> dict[str, str]:
    """The BPMN files for download, where they can be found from here (their shown path relative to the
    working directory); a model that cannot be found gets no link. Returns shown path -> link from a
    process page."""
    links: dict[str, str] = {}
    base = Path.cwd().resolve()
    for file_report, _ in entries:
        if file_report.path in links:
            continue
        source = (base / file_report.path).resolve()
        try:
            source.relative_to(base)
        except ValueError:
            continue  # outside the working directory: never copy from elsewhere
        if not source.is_file() or source.suffix.lower() not in (".bpmn", ".bpmn2", ".xml"):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / (page_slug(file_report.path, "modell") + source.suffix.lower())
        shutil.copyfile(source, target)
        links[file_report.path] = f"../modelle/{target.name}"
    return links


def _actions_csv(actions: list[tuple[str, dict, dict]]) -> str:
    """Every procedure's action list for its next level, one row per step: a portfolio to-do list."""
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer, delimiter=";"))
    writer.writerow(["prozess", "datei", "stufe", "ziel", "nr", "schritt", "kriterium", "grund", "massnahme", "norm",
                     "norm_url", "zustaendig"])
    for file, context, a in actions:
        writer.writerow([context["name"], file, context["level"], f"E{int(context['level'][1:]) + 1}", a["number"],
                         a["step"], a["criterion"], a["reason"], a["action"], a["norm"], a["norm_url"], a["responsible"]])
    return buffer.getvalue()


class _SafeWriter:
    """A csv writer whose text cells cannot start a formula."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([csv_cell(value) for value in row])


def _write_mkdocs(src: Path, t, options: SiteOptions, units, docs: Path) -> None:
    handbook = docs / "handbuch"
    nav: list[Any] = [
        {t.overview: "index.md"},
        {t.norms: "normen.md"},
        {t.breaks_title: "medienbrueche.md"},
        {t.units: "bereiche/index.md"},
    ]
    guide = []
    for title, path in t.handbook_pages:
        if (handbook / path).exists():
            guide.append({title: f"handbuch/{path}"})
    if guide:
        nav.append({t.handbook: guide})
    nav += [{t.help: "hilfe.md"}, {t.accessibility: "barrierefreiheit.md"}]
    config = {
        "site_name": options.title or t.site_name,
        "use_directory_urls": False,
        "docs_dir": "docs",
        "theme": {"name": "material", "language": options.lang, "font": False,
                  "features": ["navigation.tabs", "navigation.indexes", "navigation.prune", "search.highlight"]},
        "extra": {"polyfills": ["assets/javascripts/iframe-worker/shim.js"], "generator": False},
        "extra_css": ["assets/stylesheets/prozess.css"],
        "extra_javascript": ["assets/javascripts/a11y.js", "assets/javascripts/register-filter.js",
                             "assets/javascripts/diagram.js"],
        "plugins": [{"search": {"lang": options.lang}}, "offline"],
        "markdown_extensions": ["tables", "attr_list", "toc"],
        "copyright": f"{t.made_with} · <a href=\"barrierefreiheit.html\">{t.accessibility}</a>",
        "not_in_nav": "/prozesse/\n/bereiche/\n/handbuch/\n/export/\n",
        "nav": nav,
        "validation": {"omitted_files": "info", "absolute_links": "info", "unrecognized_links": "info",
                       "anchors": "info", "not_found": "warn"},
    }
    (src / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
