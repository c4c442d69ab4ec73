"""Paths as CI systems want them: relative to the repository root, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(start: Path | None = None) -> Path | None:
    start = (start or Path.cwd()).resolve()
    for directory in [start, *start.parents]:
        if (directory / ".git").exists():
            return directory
    return None


def base_dir(config: Path | None = None, start: Path | None = None) -> Path:
    """The one base of every path in every output: the git top level, else the configuration's
    folder, else the working directory."""
    start = (start or Path.cwd()).resolve()
    return repository_root(start) or (config.resolve().parent if config else None) or start


def shown(path: Path, base: Path) -> str:
    """A path as outputs show it: relative to ``base`` with ``/`` (outside it with ``..``). Bytes that are
    no UTF-8 (file names from other systems) are shown as escapes (\\xe4), losslessly."""
    try:
        absolute = path if path.is_absolute() else Path.cwd() / path
        absolute = Path(os.path.normpath(absolute))
        try:
            text = absolute.relative_to(base).as_posix()
        except ValueError:
            try:
                text = absolute.resolve().relative_to(base.resolve()).as_posix()
            except (ValueError, OSError, RuntimeError):
                # outside the base: relative to it with "..", so no build-machine prefix is published
                text = Path(os.path.relpath(absolute, base)).as_posix()
    except (OSError, RuntimeError):
        text = path.as_posix()
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def relative(path: str) -> str:
    """``path`` as in the report (already relative to the base, see :func:`shown`), with ``/``, for CI."""
    return Path(path).as_posix()


def outside(path: str) -> bool:
    """Whether a report path lies outside the base (absolute, or climbing out with "..")."""
    return os.path.isabs(path) or path == ".." or path.startswith("../")
