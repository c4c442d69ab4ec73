"""The command-line interface: the only place that reads argv, prints and exits."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .check import Options, check_paths
from .lexicon import LexiconError, default_lexicon, load_lexicon
from .findings import Severity
from .formats import FORMATS

app = typer.Typer(
    name="prozess",
    help="Find media breaks and legal blockers in BPMN models of administrative procedures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"

    def severity(self) -> Severity | None:
        return None if self is FailOn.never else Severity.parse(self.value)


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
    paths: Annotated[list[Path], typer.Argument(help="BPMN files or folders (searched recursively).")],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    lexicon: Annotated[
        Optional[list[Path]], typer.Option("--lexicon", help="Extra media terms (YAML, same form as the shipped lexicon).")
    ] = None,
) -> None:
    """Check BPMN models and report findings.

    Exit codes: 0 nothing at or above the fail level, 1 findings at the fail
    level, 2 an input could not be read (everything else is still reported).
    """
    report = check_paths(paths, _options(lexicon))
    rendered = FORMATS[format.value](report)
    _emit(rendered, output)
    raise typer.Exit(report.exit_code(fail_on.severity()))


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="One BPMN file.")],
    process: Annotated[Optional[str], typer.Option("--process", "-p", help="Only this process id.")] = None,
    lexicon: Annotated[
        Optional[list[Path]], typer.Option("--lexicon", help="Extra media terms (YAML, same form as the shipped lexicon).")
    ] = None,
) -> None:
    """Show every step in flow order with lane, medium, evidence and findings."""
    from .explain import render

    options = _options(lexicon)
    report = check_paths([file], options)
    (file_report,) = report.files
    if file_report.error is not None and file_report.definitions is None:
        typer.echo(f"{file_report.path}: cannot be read: {file_report.error.message}", err=True)
        raise typer.Exit(2)
    sys.stdout.write(render(file_report, list(report.findings), process))
    if process and all(p.process.id != process for p in file_report.processes):
        raise typer.Exit(2)


def _options(lexicon_files: list[Path] | None) -> Options:
    if not lexicon_files:
        return Options()
    terms = default_lexicon()
    for path in lexicon_files:
        try:
            terms = terms.extended(load_lexicon(path))
        except LexiconError as exc:
            typer.echo(f"prozess: {exc}", err=True)
            raise typer.Exit(2) from None
        except OSError as exc:
            typer.echo(f"prozess: cannot read {path}: {exc.strerror or exc}", err=True)
            raise typer.Exit(2) from None
    return Options(lexicon=terms)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"prozess: cannot write {output}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from None


def main() -> None:
    """Console entry point: unexpected errors become one line and exit code 2."""
    try:
        app()
    except SystemExit:
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
