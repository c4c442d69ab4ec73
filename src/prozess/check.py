"""The pipeline: find files, load each, analyse it, collect one :class:`Report`.

Each file is analysed on its own; a broken file never affects the others.
"""

from __future__ import annotations

import gc
import glob
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .bpmn.checks import check_definitions
from .bpmn.loader import MODEL, Limits, LoadError, LoadResult, is_bpmn_candidate, load_file
from .bpmn.model import Definitions, Lane, Node, Process
from .bpmn.xprozess import NAMESPACE_PREFIX as XPROZESS_NAMESPACE
from .catalog import builtin_rules, legal_rule_info
from .ci.baseline import Baseline, fingerprints
from .ci.selection import ignored_by_git
from .findings import Finding, RuleInfo, Severity
from .formats.paths import base_dir, shown
from .legal.identity import NOT_IDENTIFIED, Identity
from .legal.match import Matcher, absences, legal_findings, process_jurisdiction
from .legal.rules import RuleBase, default_rule_dir, load_rulebase
from .media.breaks import detect as detect_breaks
from .media.inference import ProcessMedia, infer_file
from .media.lexicon import Lexicon, default_lexicon
from .media.roles import Role
from .procedures import build as build_procedures, groups as build_groups
from .readiness import Readiness, assess as assess_readiness
from .report import INTERNAL_ERROR, FileReport, ProcessReport, Report
from .suppress import RULES as SUPPRESSION_RULES, apply as apply_suppressions

_SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class Options:
    limits: Limits = Limits()
    lexicon: Lexicon | None = None  # None: the shipped lexicon
    rulebase: RuleBase | None = None  # None: the shipped legal rules
    legal: bool = True
    jurisdiction: str | None = None  # e.g. "DE-NI"; a process may declare its own
    on: date | None = None  # the day the law is applied for; None: today
    disable: frozenset[str] = frozenset()  # rule ids not to report
    severity: tuple[tuple[str, str], ...] = ()  # (rule id, error|warning|info|off)
    jobs: int | None = 1  # worker processes; None: one per core for larger runs
    keep_models: bool = True  # False: drop diagrams, vendor XML and per-step media once analysed (saves memory)
    baseline: Baseline | None = None
    roles: tuple[tuple[str, str], ...] = ()  # pool name or id -> role (project configuration)
    base: str | None = None  # every path in the outputs is relative to it (None: formats.paths.base_dir())

    @property
    def terms(self) -> Lexicon:
        return self.lexicon or default_lexicon()

    @property
    def rules(self) -> RuleBase:
        return self.rulebase or default_rulebase()

    @property
    def day(self) -> date:
        return self.on or date.today()

    def known_rules(self) -> dict[str, RuleInfo]:
        """Every rule that can produce a finding in this run, with its documentation."""
        catalog = dict(builtin_rules())
        catalog.update(SUPPRESSION_RULES)
        if self.legal:
            for loaded in self.rules.rules:
                catalog[f"legal/{loaded.rule.id}"] = legal_rule_info(loaded.rule)
        return catalog


_DEFAULT_RULES: list[RuleBase] = []
# caches keyed by rule base identity; each entry keeps its rule base alive, so an id is never reused
_MATCHERS: dict[int, tuple[RuleBase, Matcher]] = {}


def default_rulebase() -> RuleBase:
    if not _DEFAULT_RULES:
        _DEFAULT_RULES.append(load_rulebase([default_rule_dir()], base=default_rule_dir().resolve().parent))
    return _DEFAULT_RULES[0]


def matcher_for(rulebase: RuleBase) -> Matcher:
    entry = _MATCHERS.get(id(rulebase))
    if entry is None or entry[0] is not rulebase:
        entry = _MATCHERS[id(rulebase)] = (rulebase, Matcher(rulebase.rules, rulebase.procedures))
    return entry[1]


def discover(
    paths: Iterable[str | os.PathLike[str]], base: Path | None = None, gitignore: bool = True,
    sniff_named: bool = False,
) -> Iterator[tuple[Path, str]]:
    """Yield (path, display path) for every BPMN file named or found below the given paths.

    Files named explicitly are always taken. In folders, ``.bpmn``/``.bpmn2``/
    ``.bpmn20.xml`` files are taken, and ``.xml`` files only if they declare the
    BPMN 2.0 model namespace or the XProzess namespace (FIM) near their start; files git
    ignores (``.gitignore``) are left out. A path that does not exist but has glob characters
    (``models/**/*.bpmn``) is expanded. A path that does not exist, an unreadable one, a symlink
    loop: yielded as is, so the caller reports it as that file's error and checks the others.
    Display paths are relative to ``base`` (see ``formats.paths.base_dir``). ``sniff_named``: named
    files are filtered like those of a folder (pre-commit passes every matching file name).
    """
    base = (base or base_dir()).resolve()
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not _exists(path) and _GLOB.search(str(raw)):
            matches = sorted(Path(p) for p in glob.glob(str(raw), recursive=True))
            candidates = [p for p in matches if _is_file(p) or p.is_dir()]
            if candidates:
                for item in candidates:
                    yield from _found(item, base, seen, gitignore)
                continue
        if sniff_named and _is_file(path) and not (is_bpmn_candidate(path) and _looks_like_bpmn(path)):
            continue
        yield from _found(path, base, seen, gitignore)


_GLOB = re.compile(r"[*?\[]")


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, RuntimeError):
        return True  # a loop or an unreadable entry: let the loader say so


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, RuntimeError):
        return False


def _found(path: Path, base: Path, seen: set[str], gitignore: bool) -> Iterator[tuple[Path, str]]:
    try:
        is_dir = path.is_dir()
    except (OSError, RuntimeError):
        is_dir = False
    if is_dir:
        found = []
        for p in sorted(path.rglob("*")):
            try:
                if p.is_file() and is_bpmn_candidate(p) and _looks_like_bpmn(p):
                    found.append(p)
            except (OSError, RuntimeError):
                found.append(p)  # reported as that file's error
        keys = {p: _key(p) for p in found}
        if gitignore and found:
            ignored = {str(i) for i in ignored_by_git(found)}
            found = [p for p in found if keys[p] not in ignored]
        found = found or [path]  # reported as "a directory without BPMN files"
    else:
        found = [path]
        keys = {}
    for item in found:
        key = keys.get(item) or _key(item)
        if key not in seen:
            seen.add(key)
            yield item, shown(item, base, key)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # e.g. a symlink loop
        return os.path.abspath(path)


def display_path(path: Path, base: Path | None = None) -> str:
    return shown(path, (base or base_dir()).resolve())


def _looks_like_bpmn(path: Path) -> bool:
    if not path.name.lower().endswith(".xml") or path.name.lower().endswith(".bpmn20.xml"):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True  # let the loader report why it cannot be read
    return MODEL.encode() in head or XPROZESS_NAMESPACE.encode() in head


def check_file(path: Path, shown: str, options: Options = Options()) -> tuple[FileReport, list[Finding]]:
    if not os.path.exists(path):  # False for a dangling link, a loop or an unreadable entry, too
        if os.path.lexists(path):
            return FileReport(shown, LoadError("a symbolic link that leads nowhere or to itself (a loop)")), []
        return FileReport(shown, LoadError("no such file or directory")), []
    if os.path.isdir(path):
        return FileReport(shown, LoadError("is a directory without BPMN files")), []
    result = load_file(path, shown, options.limits, complete=options.keep_models)
    return analyse(result, options)


def analyse(result: LoadResult, options: Options = Options()) -> tuple[FileReport, list[Finding]]:
    definitions = result.definitions
    if definitions is None:
        return FileReport(result.path, result.error, result.recovered), []
    findings: list[Finding] = []
    if result.recovered and result.error is not None:
        findings.append(
            Finding(
                "load/recovered", Severity.WARNING,
                "Die Datei ist kein wohlgeformtes XML; die Ergebnisse stammen aus einer "
                f"fehlertoleranten Lesung und können unvollständig sein ({result.error.message}).",
                result.path, result.error.line,
            )
        )
    findings.extend(check_definitions(definitions))
    analysed: list[tuple[Process, ProcessMedia | None]] = []
    media_of = infer_file(definitions, options.terms, dict(options.roles))
    matcher = matcher_for(options.rules) if options.legal else None
    procedure_groups = _identities(definitions, matcher, options)
    identity_of = {m: g.identity for g in procedure_groups for m in g.members}
    for process, media in zip(definitions.processes, media_of):
        try:
            if isinstance(media, Exception):
                raise media
            process_findings = list(detect_breaks(process, definitions, media))
            if matcher is not None:
                process_findings.extend(legal_findings(
                    process, definitions, media, matcher, options.jurisdiction, options.day,
                    identity_of.get(process.id, NOT_IDENTIFIED),
                ))
        except Exception as exc:  # noqa: BLE001 - a defect in one analysis must not lose other results
            findings.append(_internal_error(result.path, process, exc))
            analysed.append((process, None))
            continue
        findings.extend(process_findings)
        analysed.append((process, media))
    if matcher is not None:
        findings.extend(_absences(definitions, analysed, findings, matcher, procedure_groups, options))
    findings = _overrides(findings, options)
    findings = apply_suppressions(findings, definitions, set(_known_ids(options)))
    processes = []
    for process, media in analysed:
        if media is None:
            processes.append(ProcessReport(process))
            continue
        try:
            readiness = assess_readiness(process, media, findings, definitions)
        except Exception as exc:  # noqa: BLE001
            findings.append(_internal_error(result.path, process, exc))
            readiness = None
        processes.append(_process_report(process, media, readiness))
    try:
        pool_readiness = {id(p.process): p.readiness for p in processes}
        found = tuple(build_procedures(
            definitions, [m for _, m in analysed], findings, dict(options.roles),
            [pool_readiness.get(id(p)) for p, _ in analysed], [g.identity for g in procedure_groups],
            [(g.members, g.black) for g in procedure_groups],
        ))
    except Exception as exc:  # noqa: BLE001 - the per-pool results stay
        findings.append(_internal_error(result.path, definitions.processes[0], exc))
        found = ()
    return (
        FileReport(result.path, result.error, result.recovered, definitions, tuple(processes), found),
        findings,
    )


@dataclass(frozen=True, slots=True)
class _Group:
    """One procedure of a file before it is built: its pools, its identity, the law's jurisdiction."""

    members: list[str]  # process ids
    black: list[str]  # black-box pool ids
    identity: Identity
    jurisdiction: str | None


def _identities(definitions, matcher: Matcher | None, options: Options) -> list[_Group]:
    """The procedures (groups of pools) of the file, each with its identity."""
    found = build_groups(definitions)
    if matcher is None:
        return [_Group(members, black, NOT_IDENTIFIED, options.jurisdiction) for members, black in found]
    processes = {p.id: p for p in definitions.processes}
    participants = {pa.id: pa for pa in definitions.participants}
    pool_names = {pa.process_ref: pa.name for pa in definitions.participants if pa.process_ref and pa.name}
    result = []
    for members, black in found:
        names = [pool_names[m] for m in members if m in pool_names]
        others = [participants[b].name for b in black if participants[b].name]
        member_processes = [processes[m] for m in members]
        jurisdiction = next((j for j in map(process_jurisdiction, member_processes) if j), options.jurisdiction)
        identity = matcher.identify(definitions, member_processes, names, jurisdiction, others)
        result.append(_Group(members, black, identity, jurisdiction))
    return result


def _absences(definitions, analysed, findings, matcher: Matcher, groups: list[_Group], options: Options) -> list[Finding]:
    """Acts the identified procedure's law requires and its model does not show."""
    processes = {p.id: (p, m) for p, m in analysed}
    result: list[Finding] = []
    for group in groups:
        members = group.members
        if not group.identity.identified or any(processes.get(m, (None, None))[1] is None for m in members):
            continue
        member_processes = [processes[m][0] for m in members]
        where = next((p for p, m in (processes[x] for x in members) if m.role is Role.AUTHORITY), member_processes[0])
        own = [f for f in findings if f.process in set(members)]
        try:
            result.extend(absences(member_processes, definitions, own, matcher, group.identity, group.jurisdiction,
                                   options.day, where))
        except Exception as exc:  # noqa: BLE001
            result.append(_internal_error(definitions.path, where, exc))
    return result


def _internal_error(path: str, process: Process, exc: Exception) -> Finding:
    return Finding(
        INTERNAL_ERROR, Severity.ERROR,
        f"Interner Fehler bei der Analyse dieses Prozesses ({type(exc).__name__}: {exc}); "
        "bitte melden Sie ihn mit der Datei.",
        path, process.line, process.id, process.id, process.name or None,
    )


_KNOWN: dict[tuple[int, bool], tuple[RuleBase, frozenset[str]]] = {}


def _known_ids(options: Options) -> frozenset[str]:
    rulebase = options.rules
    key = (id(rulebase), options.legal)
    entry = _KNOWN.get(key)
    if entry is None or entry[0] is not rulebase:
        entry = _KNOWN[key] = (rulebase, frozenset(options.known_rules()))
    return entry[1]


def _overrides(findings: list[Finding], options: Options) -> list[Finding]:
    """Configured rules to disable and severities to change ("off" disables)."""
    if not options.disable and not options.severity:
        return findings
    levels = dict(options.severity)
    result = []
    for finding in findings:
        level = levels.get(finding.rule)
        if finding.rule in options.disable or level == "off":
            continue
        if level is not None:
            finding = replace(finding, severity=Severity.parse(level))
        result.append(finding)
    return result


def _process_report(process: Process, media: ProcessMedia, readiness: Readiness | None) -> ProcessReport:
    steps = tuple(
        {
            "medium": media.steps[n.id].medium.value,
            "evidence": list(media.steps[n.id].evidence),
            "medium_source": media.steps[n.id].source,
            "conversion": media.steps[n.id].conversion,
        }
        for n in process.nodes
    )
    facts = {
        "pool_role": media.role.value,
        "intake_medium": media.intake.value,
        "digital_intake": media.digital_intake,
        "digital_mailbox": media.digital_mailbox,
        "media_counts": media.counts,
    }
    if readiness is not None:
        facts["readiness"] = readiness.to_dict()
    return ProcessReport(process, steps, facts, media, readiness)


def check_paths(paths: Iterable[str | os.PathLike[str]], options: Options = Options()) -> Report:
    """Check every BPMN file named or found below ``paths``; one :class:`Report`."""
    return check_selected(list(discover(paths, Path(options.base) if options.base else None)), options)


def check_selected(selected: list[tuple[Path, str]], options: Options = Options()) -> Report:
    """Check files already found by :func:`discover` (path, display path)."""
    files: list[FileReport] = []
    findings: list[Finding] = []
    jobs = options.jobs if options.jobs is not None else (os.cpu_count() or 1)
    # The model is a large number of small acyclic objects: pausing the cyclic garbage
    # collector while building it saves about a fifth of the run time and no memory.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if jobs > 1 and len(selected) >= 4 * jobs:
            results = _parallel(selected, options, jobs)
        else:
            results = (_checked(item, options) for item in selected)
        for file_report, file_findings in results:
            files.append(file_report)
            findings.extend(file_findings)
    finally:
        if collecting:
            gc.enable()
    findings.sort(key=Finding.sort_key)
    findings = fingerprints(findings)
    fixed: list[dict] = []
    if options.baseline is not None:
        findings, fixed = options.baseline.mark(findings, {f.path for f in files})
    return Report(__version__, tuple(files), tuple(findings), options.known_rules(), tuple(fixed))


def _checked(item: tuple[Path, str], options: Options) -> tuple[FileReport, list[Finding]]:
    """One file's results; whole models only when asked for (keep_models: the site draws and pages them)."""
    file_report, found = check_file(item[0], item[1], options)
    return (file_report if options.keep_models else _slim(file_report)), found


def _slim(file_report: FileReport) -> FileReport:
    """What the report formats need, and no more (it travels back from a worker): the file's facts, each
    process with its steps and lanes as the report lists them and its readiness as its facts state it (the
    Readiness object is for ``prozess explain``) – no flows, data, documentation,
    extensions, collaborations or diagram, no per-step media objects (``prozess explain`` and the site
    keep whole models: keep_models)."""
    definitions = file_report.definitions
    if definitions is None:
        return file_report
    processes = tuple(ProcessReport(_bare(p.process), p.steps, p.facts)
                      for p in file_report.processes)
    procedures = tuple(replace(p, media=None, process=None) for p in file_report.procedures)
    bare = Definitions(
        definitions.path, definitions.id, definitions.name, definitions.target_namespace, definitions.exporter,
        definitions.exporter_version, definitions.line, processes=tuple(p.process for p in processes),
        element_count=definitions.element_count, service=definitions.service,
        activity_groups=definitions.activity_groups, embedded=definitions.embedded,
    )
    return FileReport(file_report.path, file_report.error, file_report.recovered, bare, processes, procedures)


def _bare(process: Process) -> Process:
    return Process(
        process.id, process.name, process.line, is_executable=process.is_executable, engine=process.engine,
        participant=process.participant, participant_name=process.participant_name,
        nodes=tuple(Node(n.id, n.type, n.name, n.line, lane=n.lane, parent=n.parent) for n in process.nodes),
        lanes=tuple(Lane(lane.id, lane.name, lane.line, parent=lane.parent) for lane in process.lanes),
    )


def _parallel(selected: list[tuple[Path, str]], options: Options, jobs: int) -> list:
    """Check the files in ``jobs`` processes: this one and ``jobs - 1`` workers.

    Each takes the next few files from a shared counter, the largest files first and the small ones
    last, so that all finish together. This process checks files too instead of waiting: its own
    results need no pickling, and no third process competes for the cores while the workers' results
    are unpickled. Files a worker took and did not send back (it was killed, ran out of memory) are
    checked here. The results come in the order of ``selected``.
    """
    import multiprocessing
    import threading

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    order = sorted(range(len(selected)), key=lambda i: -_size(selected[i][0]))
    items = [selected[i] for i in order]
    chunk = max(1, len(items) // (jobs * 32))
    counter = context.Value("q", 0)
    receiving, sending = context.Pipe(duplex=False)
    workers = [context.Process(target=_serve, args=(items, options, counter, chunk, sending), daemon=True)
               for _ in range(jobs - 1)]
    for worker in workers:
        worker.start()
    sending.close()  # the workers hold the sending end: when the last one ends, receiving reads EOF
    done: dict[int, tuple[FileReport, list[Finding]]] = {}
    reader = threading.Thread(target=_receive, args=(receiving, done), daemon=True)
    reader.start()  # after the forks: a thread must not be running while this process forks
    try:
        _take(items, options, counter, chunk, done.__setitem__)
    except BaseException:  # a defect or Ctrl-C here: the workers stop too
        for worker in workers:
            worker.terminate()
        raise
    finally:
        reader.join()
        for worker in workers:
            worker.join()
        receiving.close()
    results: list = [None] * len(selected)
    for index, position in enumerate(order):
        results[position] = done[index] if index in done else _checked(items[index], options)
    return results


def _serve(items: list[tuple[Path, str]], options: Options, counter, chunk: int, sending) -> None:
    """A worker: check the files it takes from the counter, send back each chunk's results."""
    batch: list = []

    def keep(index: int, result) -> None:
        batch.append((index, result))
        if len(batch) >= chunk:
            sending.send(batch)  # pickled here and now: the list can be emptied at once
            batch.clear()

    try:
        _take(items, options, counter, chunk, keep)
        if batch:
            sending.send(batch)
    finally:
        sending.close()


def _take(items: list[tuple[Path, str]], options: Options, counter, chunk: int, keep) -> None:
    """Check chunk after chunk of ``items`` from the shared counter until none is left."""
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + chunk
        if start >= len(items):
            return
        for index in range(start, min(start + chunk, len(items))):
            keep(index, _checked(items[index], options))


def _receive(receiving, done: dict) -> None:
    """The workers' results as they arrive (a thread: the workers never wait for this process)."""
    while True:
        try:
            batch = receiving.recv()
        except (EOFError, OSError):
            return
        done.update(batch)


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # reported by the loader
        return 0
