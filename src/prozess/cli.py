"""The command-line interface: the only place that reads argv, prints and exits."""

from __future__ import annotations

import difflib
import gc
import json
import os
import re
import sys
from dataclasses import replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .bpmn.loader import Limits
from .check import Options, check_paths, check_selected, discover, display_path
from .ci.baseline import Baseline, write as write_baseline_file
from .ci.config import FAIL_LEVELS, ConfigError, Settings, describe, load_settings
from .ci.selection import SelectionError, changed_since, excluded, in_shard, parse_shard
from .findings import Severity
from .formats import FORMATS, STREAMS, RenderContext
from .formats.paths import base_dir
from .legal.rules import JURISDICTION, RuleBase, default_rule_dir, load_rulebase, rule_files
from .media.lexicon import LexiconError, default_lexicon, load_lexicon
from .report import Report

app = typer.Typer(
    rich_markup_mode=None,  # help texts are plain: "[tool.prozess]" and "[default: …]" stay visible
    name="prozess",
    help="Find media breaks and legal blockers in BPMN models of administrative procedures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # the formats of formats.FORMATS


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


FailOn = Enum("FailOn", {name: name for name in FAIL_LEVELS}, type=str)  # error, warning, info, never


def fail_severity(level: str) -> Severity | None:
    """The lowest severity that fails the run; None for "never"."""
    return None if level == "never" else Severity.parse(level)


_LIMITS = Limits()
site_app = typer.Typer(help="Build the readiness site officers read.", no_args_is_help=True, rich_markup_mode=None)
rules_app = typer.Typer(help="Validate, test, list and document the legal rule base.", no_args_is_help=True,
                        rich_markup_mode=None)
app.add_typer(rules_app, name="rules")
app.add_typer(site_app, name="site")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prozess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        Optional[bool],
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """prozess: check BPMN models for media breaks and legal blockers."""


@app.command()
def check(
    paths: Annotated[
        Optional[list[Path]], typer.Argument(help="BPMN files or folders (default: paths from the configuration).")
    ] = None,
    format: Annotated[
        Optional[list[Format]], typer.Option("--format", "-f", help="Output format; repeat for several.")
    ] = None,
    output: Annotated[
        Optional[list[str]],
        typer.Option("--output", "-o", help="File for the format at the same position ('-': stdout)."),
    ] = None,
    fail_on: Annotated[
        Optional[FailOn], typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 [default: error].")
    ] = None,
    lexicon: Annotated[
        Optional[list[Path]], typer.Option("--lexicon", help="Extra media terms (YAML, same form as the shipped lexicon).")
    ] = None,
    rules: Annotated[
        Optional[list[Path]],
        typer.Option("--rules", help="Extra rule directory, applied after the shipped rules (repeatable)."),
    ] = None,
    jurisdiction: Annotated[
        Optional[str], typer.Option("--jurisdiction", help="Jurisdiction for Land rules, e.g. DE-NI or DE-HE.")
    ] = None,
    on: Annotated[
        Optional[str], typer.Option("--date", help="Apply the law as of this day (YYYY-MM-DD); default today.")
    ] = None,
    exclude: Annotated[
        Optional[list[str]], typer.Option("--exclude", help="Glob of paths to skip (repeatable).")
    ] = None,
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Report only findings not in this baseline file.")
    ] = None,
    write_baseline: Annotated[
        Optional[Path], typer.Option("--write-baseline", help="Record the current findings as the baseline.")
    ] = None,
    jobs: Annotated[
        Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes [default: all cores].")
    ] = None,
    changed_since: Annotated[
        Optional[str], typer.Option("--changed-since", help="Only files changed since this git revision.")
    ] = None,
    shard: Annotated[
        Optional[str], typer.Option("--shard", help="Check only part I of N of the files, e.g. 2/4.")
    ] = None,
    max_file_size: Annotated[
        int, typer.Option("--max-file-size", min=1, help="Largest BPMN file read, in MiB.")
    ] = _LIMITS.max_file_bytes // (1024 * 1024),
    max_elements: Annotated[
        int, typer.Option("--max-elements", min=1, help="Most XML elements in one file.")
    ] = _LIMITS.max_elements,
    max_nesting: Annotated[
        int, typer.Option("--max-nesting", min=1, help="Deepest nesting of sub-processes.")
    ] = _LIMITS.max_nesting,
    sarif_level: Annotated[
        Optional[Level], typer.Option("--sarif-level", help="SARIF and GitLab reports: only results at or above this severity.")
    ] = None,
    skip_non_bpmn: Annotated[
        bool, typer.Option("--skip-non-bpmn", help="Named .xml files that are no BPMN or XProzess are skipped, as in a folder scan (for pre-commit).")
    ] = False,
    sarif_include_suppressed: Annotated[
        bool, typer.Option("--sarif-include-suppressed", help="SARIF: also suppressed results and those already in the baseline.")
    ] = False,
) -> None:
    """Check BPMN models and report findings.

    Settings come from [tool.prozess] in pyproject.toml or a prozess.toml (nearest
    one up from here); options given here override them. Exit codes: 0 nothing at
    or above the fail level, 1 findings at the fail level, 2 an input could not be
    read or a usage error (everything else is still reported).
    """
    settings, config = _settings_and_file()
    base = base_dir(config)
    settings = settings.override(
        paths=[str(p) for p in paths or []], exclude=exclude, jurisdiction=jurisdiction,
        rules=[str(r) for r in rules or []], lexicon=[str(x) for x in lexicon or []],
        fail_on=fail_on.value if fail_on else None, baseline=str(baseline) if baseline else None, jobs=jobs,
    )
    if not settings.paths:
        _fail("no paths given (arguments or `paths` in the configuration)")
    targets = _targets([f.value for f in format] if format else ["text"], list(output or []))
    options = replace(
        _options([Path(x) for x in settings.lexicon], [Path(r) for r in settings.rules], settings.jurisdiction, on),
        limits=Limits(max_file_size * 1024 * 1024, max_elements, max_nesting),
        disable=frozenset(settings.disable),
        severity=tuple(sorted(settings.severity.items())),
        roles=tuple(sorted(settings.roles.items())),
        base=str(base),
        jobs=settings.jobs,
        baseline=_read_baseline(settings.baseline) if settings.baseline and not write_baseline else None,
        keep_models=False,
    )
    _check_rule_ids(settings, options)
    if write_baseline and (shard or changed_since):
        _fail("--write-baseline records all findings: do not combine it with --shard or --changed-since")
    selected = _select(settings, config, changed_since, shard, skip_non_bpmn)
    report = _analysed(selected, options)
    if write_baseline:
        count = write_baseline_file(report.findings, write_baseline)
        typer.echo(f"prozess: wrote {count} findings to the baseline {write_baseline}", err=True)
    fail = fail_severity(settings.fail_on)
    context = RenderContext(
        fail, str(base), settings.docs_url,
        include_suppressed=sarif_include_suppressed,
        min_level=Severity.parse(sarif_level.value) if sarif_level else None,
        automation_id="prozess/" + (f"shard-{shard.replace('/', '-of-')}/" if shard else ""),
    )
    _render(report, context, targets)
    raise typer.Exit(0 if write_baseline and not report.unreadable else report.exit_code(fail))


def _targets(formats: list[str], outputs: list[str]) -> list[tuple[str, str]]:
    """(format, output) pairs: one output per format when there are several, at most one on stdout."""
    if len(formats) > 1 and len(outputs) != len(formats):
        _fail("with several --format options give one --output per format (use '-' for stdout)")
    if not outputs:
        outputs = ["-"]
    if outputs.count("-") > 1:
        _fail("only one format can go to stdout")
    return list(zip(formats, outputs))


def _render(report, context: RenderContext, targets: list[tuple[str, str]]) -> None:
    """Write every requested format to its output (streamed where the format can)."""
    for name, target in targets:
        chunks = STREAMS[name](report, context) if name in STREAMS else [FORMATS[name](report, context)]
        try:
            _emit_chunks(chunks, None if target == "-" else Path(target))
        except BrokenPipeError:  # the reader went away (… | head): the exit code still tells the result
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _check_rule_ids(settings: Settings, options: Options) -> None:
    """Unknown rule ids in `disable` and `severity` are mistakes, not silence."""
    known = set(options.known_rules())
    for where, ids in (("disable", settings.disable), ("severity", tuple(settings.severity))):
        for rule_id in ids:
            if rule_id not in known:
                close = difflib.get_close_matches(rule_id, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                _fail(f"{where}: unknown rule id {rule_id!r} ({settings.source(where)}){hint}")


def _settings_and_file() -> tuple[Settings, Path | None]:
    try:
        return load_settings()
    except ConfigError as exc:
        _fail(str(exc))


def _read_baseline(path: str) -> Baseline:
    try:
        return Baseline.read(Path(path))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        _fail(f"cannot use baseline {path}: {exc}")


def _select(
    settings: Settings, config: Path | None, changed: str | None, shard: str | None, skip_non_bpmn: bool = False
) -> list[tuple[Path, str]]:
    """The files to check, after exclusions, --changed-since and --shard (missing paths stay: they are errors).

    ``config``: the configuration file the settings came from (paths in it are relative to its folder)."""
    try:
        only = changed_since(changed) if changed else None
        part = parse_shard(shard) if shard else None
    except SelectionError as exc:
        _fail(str(exc))
    selected = []
    base = base_dir(config)
    for path, shown in discover(settings.paths, base, sniff_named=skip_non_bpmn):
        if settings.exclude and excluded(shown, settings.exclude, display_path(path, config.parent) if config else None):
            continue
        if only is not None and path.exists() and path.resolve() not in only:
            continue
        if part is not None and not in_shard(shown, part):
            continue
        selected.append((path, shown))
    if not selected and (only is not None or part is not None):
        typer.echo("prozess: no files selected", err=True)
    return selected


@app.command("report-schema")
def report_schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of the `check -f json` report (prozess.report/v2)."""
    from importlib.resources import files

    _emit((files("prozess") / "data" / "report.schema.json").read_text(encoding="utf-8"), output)


@app.command("config")
def config_command() -> None:
    """Print the effective configuration and where each value comes from."""
    try:
        settings, path = load_settings()
    except ConfigError as exc:
        _fail(str(exc))
    sys.stdout.write(describe(settings, path))


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="One BPMN file.")],
    process: Annotated[Optional[str], typer.Option("--process", "-p", help="Only this process id.")] = None,
    lexicon: Annotated[
        Optional[list[Path]], typer.Option("--lexicon", help="Extra media terms (YAML, same form as the shipped lexicon).")
    ] = None,
    rules: Annotated[
        Optional[list[Path]], typer.Option("--rules", help="Extra rule directory (repeatable).")
    ] = None,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="e.g. DE-NI")] = None,
) -> None:
    """Show every step in flow order with lane, medium, evidence and findings."""
    from .formats.explain import render

    options = _options(lexicon, rules, jurisdiction, None)
    report = check_paths([file], options)
    (file_report,) = report.files
    if file_report.error is not None and file_report.definitions is None:
        typer.echo(f"{file_report.path}: cannot be read: {file_report.error.message}", err=True)
        raise typer.Exit(2)
    sys.stdout.write(render(file_report, list(report.findings), process))
    if process and all(p.process.id != process for p in file_report.processes):
        raise typer.Exit(2)


def _options(
    lexicon_files: list[Path] | None,
    rule_dirs: list[Path] | None = None,
    jurisdiction: str | None = None,
    on: str | None = None,
) -> Options:
    terms = None
    for path in lexicon_files or []:
        try:
            terms = (terms or default_lexicon()).extended(load_lexicon(path))
        except LexiconError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"cannot read {path}: {exc.strerror or exc}")
    day = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            _fail(f"--date {on!r}: expected YYYY-MM-DD")
    if jurisdiction and not re.fullmatch(JURISDICTION, jurisdiction):
        _fail(f"--jurisdiction {jurisdiction!r}: expected DE, EU, DE-NI, DE-HE, … or DE-NI:<municipality key>")
    rulebase = _load_rules([default_rule_dir(), *(rule_dirs or ())])
    return Options(lexicon=terms, rulebase=rulebase, jurisdiction=jurisdiction, on=day)


def _load_rules(directories: list[Path]) -> RuleBase:
    """Load and report the rule base; an invalid one stops the run before any BPMN is read."""
    base = load_rulebase(directories, base=Path.cwd())
    errors = [p for p in base.problems if p.severity == "error"]
    for problem in base.problems:
        typer.echo(str(problem), err=True)
    if errors:
        _fail(f"the rule base has {len(errors)} errors; fix them first (prozess rules validate)")
    return base


def _fail(message: str) -> None:
    typer.echo(f"prozess: {message}", err=True)
    raise typer.Exit(2)


class Language(str, Enum):
    de = "de"
    en = "en"


def _site_report(paths: list[Path] | None, rules: list[Path] | None, jurisdiction: str | None):
    settings, config = _settings_and_file()
    settings = settings.override(paths=[str(p) for p in paths or []], rules=[str(r) for r in rules or []],
                                 jurisdiction=jurisdiction)
    if not settings.paths:
        _fail("no paths given (arguments or `paths` in the configuration)")
    options = replace(
        _options([Path(x) for x in settings.lexicon], [Path(r) for r in settings.rules], settings.jurisdiction, None),
        disable=frozenset(settings.disable), severity=tuple(sorted(settings.severity.items())),
        jobs=settings.jobs,  # None: all cores for a large catalogue; the whole models come back for the pages
        roles=tuple(sorted(settings.roles.items())), base=str(base_dir(config)),
    )
    report = _analysed(_select(settings, config, None, None), options)
    return report, options.rules


def _analysed(selected: list[tuple[Path, str]], options: Options) -> Report:
    """:func:`check_selected`, with the garbage collector paused until the report is out of its sight.

    The report lives until the command ends. Its hundreds of thousands of objects, made while the
    analysis pauses the collector, would otherwise all be scanned by the first collection after it
    and again by every full one while the report is written or the site built (0.1–0.2 s for MIWG or
    1,000 procedures); frozen, they are not.
    """
    gc.disable()
    try:
        report = check_selected(selected, options)
        gc.freeze()
    finally:
        gc.enable()
    return report


def _need_site_extra() -> None:
    """The site stack is an extra: `check` installs without it."""
    import importlib.util

    missing = [m for m in ("jinja2", "mkdocs", "material") if importlib.util.find_spec(m) is None]
    if missing:
        _fail(
            f"the site needs the extra [site] ({', '.join(missing)} missing): "
            "pip install 'prozess[site]' (or, in a checkout, pip install -e '.[site]')"
        )


@site_app.command("build")
def site_build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="BPMN files or folders.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (src/, html/, history/).")] = Path("build/site"),
    lang: Annotated[Language, typer.Option("--lang", help="Language of the site.")] = Language.de,
    title: Annotated[Optional[str], typer.Option("--title", help="Site title.")] = None,
    contact: Annotated[Optional[str], typer.Option("--contact", help="Feedback contact for the accessibility statement.")] = None,
    pages: Annotated[Optional[Path], typer.Option("--pages", help="Folder of own Markdown pages to include.")] = None,
    rules: Annotated[Optional[list[Path]], typer.Option("--rules", help="Extra rule directory (repeatable).")] = None,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="e.g. DE-NI")] = None,
    allow_unreadable: Annotated[
        bool, typer.Option("--allow-unreadable", help="Exit 0 even if some models could not be read (they are listed).")
    ] = False,
    planning_file: Annotated[
        Optional[Path], typer.Option("--planning", help="YAML with owner, contact, status, target date … per model or procedure.")
    ] = None,
    with_models: Annotated[
        bool, typer.Option("--with-models", help="Copy the BPMN files into the site and link them for download.")
    ] = False,
) -> None:
    """Check the models and build the static site (MkDocs, strict) into OUT/html.

    Messages follow the site's language. Exit 2 if a model could not be read (unless --allow-unreadable);
    the site is built either way and lists them.
    """
    _need_site_extra()
    from .site.build import SiteError, SiteOptions, build_site
    from .site.planning import PlanningError, load as load_planning

    german = lang.value == "de"
    try:
        plans = load_planning(planning_file) if planning_file else None
    except PlanningError as exc:
        _fail(str(exc))
    if not contact:
        typer.echo("prozess: Hinweis: ohne --contact nennt die Erklärung zur Barrierefreiheit keine Kontaktstelle "
                   "für Rückmeldungen." if german else
                   "prozess: note: without --contact the accessibility statement names no feedback contact.", err=True)
    report, rulebase = _site_report(paths, rules, jurisdiction)
    try:
        html = build_site(report, rulebase, SiteOptions(out=out, lang=lang.value, title=title, contact=contact, docs=pages,
                                                        planning=plans, models=with_models))
    except SiteError as exc:
        _fail(str(exc))
    summary = report.summary()
    if german:
        typer.echo(f"Website: {html / 'index.html'} ({summary['procedures']} Verfahren, {summary['files']} Dateien)", err=True)
    else:
        typer.echo(f"site: {html / 'index.html'} ({summary['procedures']} procedures, {summary['files']} files)", err=True)
    if report.unreadable:
        count = len(report.unreadable)
        typer.echo(f"prozess: {count} Datei(en) konnten nicht gelesen werden; die Website nennt sie." if german else
                   f"prozess: {count} files could not be read; the site lists them.", err=True)
        if not allow_unreadable:
            raise typer.Exit(2)


@site_app.command("serve")
def site_serve(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="BPMN files or folders.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o")] = Path("build/site"),
    lang: Annotated[Language, typer.Option("--lang")] = Language.de,
    address: Annotated[str, typer.Option("--address", help="Where to serve.")] = "127.0.0.1:8000",
) -> None:
    """Generate the site and serve a live preview (mkdocs serve)."""
    _need_site_extra()
    from .site.build import SiteOptions, build_site, mkdocs_env

    report, rulebase = _site_report(paths, None, None)
    build_site(report, rulebase, SiteOptions(out=out, lang=lang.value, build=False))
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "-f", str(out / "src" / "mkdocs.yml"),
                               "-a", address], mkdocs_env())


RuleDirs = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Rule directories in layer order (default: the shipped legal_rules)."),
]


def _rule_dirs(dirs: list[Path] | None) -> list[Path]:
    return list(dirs) if dirs else [default_rule_dir()]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
        return True
    except ValueError:
        return False


def _problem_in(problem, files: set[str], own: list[Path]) -> bool:
    """Whether a problem concerns the given layer (its files, or the layer itself when missing)."""
    where = Path(problem.file)
    return any(
        where.resolve() == Path(f).resolve() or str(where) == f for f in files
    ) or any(str(d) == problem.file for d in own)


@rules_app.command("validate")
def rules_validate(dirs: RuleDirs = None) -> None:
    """Check rule files: fields, types, dates, duplicate ids (file, line, field for every problem).

    A folder or a single file of a town or Land layer is checked on top of the shipped rules (so
    disabling or replacing a shipped rule is understood); only its own problems are shown.
    """
    directories = _rule_dirs(dirs)
    shipped = default_rule_dir().resolve()
    own = [d for d in directories if not _inside(d, shipped)]
    layers = ([shipped] if own else []) + directories
    base = load_rulebase(layers, base=Path.cwd())
    shown = {str(f) for d in own for f in ([d] if d.is_file() else rule_files(d))} if own else None
    problems = [p for p in base.problems if shown is None or _problem_in(p, shown, own)]
    for problem in problems:
        typer.echo(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    files = sum(len(rule_files(d)) for d in directories if d.exists())
    typer.echo(f"{len(base.rules)} Regeln in {files} Dateien: {errors} Fehler, {warnings} Warnungen")
    raise typer.Exit(2 if errors else 0)


@rules_app.command("test")
def rules_test(
    dirs: RuleDirs = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every example.")] = False,
) -> None:
    """Run every rule's examples (must_match / must_not_match) through the real engine."""
    from .legal.ruletest import run_examples

    base = load_rulebase(_rule_dirs(dirs), base=Path.cwd())
    if not base.ok:
        for problem in base.problems:
            typer.echo(str(problem))
        typer.echo("the rule base is invalid; nothing was tested")
        raise typer.Exit(2)
    results = run_examples(base)
    for result in results:
        if verbose or not result.passed:
            state = "ok" if result.passed else "FAILED"
            where = f"{result.file}:{result.line}" if result.line else result.file
            typer.echo(f"{where}: {result.label} „{result.text}“ {result.expectation}: {state}")
    failed = sum(1 for r in results if not r.passed)
    typer.echo(f"{len(base.rules)} Regeln, {len(base.procedures)} Verfahren, {len(results)} Beispiele")
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    raise typer.Exit(1 if failed else 0)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


@rules_app.command("list")
def rules_list(
    dirs: RuleDirs = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    jurisdiction: Annotated[Optional[str], typer.Option("--jurisdiction", help="Only rules that apply there.")] = None,
) -> None:
    """List rules: id, title, requirement, norm, jurisdiction."""
    base = _load_rules(_rule_dirs(dirs))
    rules = base.for_jurisdiction(jurisdiction) if jurisdiction else base.rules
    if format is ListFormat.json:
        rows = [
            {
                "id": r.rule.id, "title": r.rule.title, "requirement": r.rule.requirement,
                "blocking": r.rule.blocking, "norm": r.rule.norm.citation, "jurisdiction": r.rule.jurisdiction,
                "valid_from": r.rule.valid_from.isoformat(), "file": r.file, "line": r.line,
            }
            for r in rules
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for r in rules:
        typer.echo(f"{r.rule.id:<40} {r.rule.jurisdiction:<6} {r.rule.requirement:<21} {r.rule.blocking:<13} {r.rule.norm.citation}")


@rules_app.command("show")
def rules_show(rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. LB-BUND-PAUSWG-9-ANTRAG.")], dirs: RuleDirs = None) -> None:
    """Print one rule as its documentation reads: what, why, examples, how to fix."""
    from .legal.reference import rule_section
    from .registry import BY_ID

    builtin = BY_ID.get(rule_id)
    if builtin is not None:  # media/…, model/…, load/…: the page of the handbook
        typer.echo(_builtin_page(builtin))
        return
    base = _load_rules(_rule_dirs(dirs))
    loaded = base.by_id(rule_id.removeprefix("legal/"))
    if loaded is None:
        _fail(f"no rule {rule_id!r}; see prozess rules list")
    typer.echo(rule_section(loaded))


def _builtin_page(info) -> str:
    """The documentation of a built-in rule: its section of the handbook (what, why, example, fix)."""
    from importlib.resources import files

    page, _, anchor = info.doc.partition("#")
    text = (files("prozess") / "site" / "handbook" / page).read_text(encoding="utf-8")
    if anchor:
        match = re.search(rf"^(#{{2,3}}) {re.escape(anchor)}\n(.*?)(?=^#{{1,3}} |\Z)", text, re.S | re.M)
        text = match.group(2).strip() if match else text
    return f"{info.id} – {info.title} ({info.severity.label})\n\n{text.strip()}\n"


@rules_app.command("schema")
def rules_schema(
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of rule files (for editors such as VS Code with the YAML extension)."""
    from .legal.rules import schema

    _emit(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n", output)


@rules_app.command("docs")
def rules_docs(
    dirs: RuleDirs = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Generate the rule reference page (Markdown) from the rule base."""
    from .legal.reference import reference_page

    _emit(reference_page(_load_rules(_rule_dirs(dirs))), output)


def _emit_chunks(chunks, output: Path | None) -> None:
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        typer.echo(f"prozess: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None


def _emit(text: str, output: Path | None) -> None:
    _emit_chunks((text,), output)


def main() -> None:
    """Console entry point: unexpected errors become one line and exit code 2."""
    try:
        app()
    except SystemExit as exc:
        if isinstance(exc.code, int) or exc.code is None:
            # Everything is written and closed: skip the interpreter's teardown of a large report
            # (a tenth of a second and more on big catalogues).
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (BrokenPipeError, ValueError):  # a reader that went away, an already closed stream
                pass
            os._exit(exc.code or 0)
        raise
    except KeyboardInterrupt:
        typer.echo("prozess: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence, never a traceback for users
        if os.environ.get("PROZESS_DEBUG"):
            raise
        typer.echo(
            f"prozess: internal error: {type(exc).__name__}: {exc} (set PROZESS_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
