"""Paths as CI systems want them: relative to the repository root, with forward slashes."""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePath


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


def shown(path: Path, base: Path, resolved: str | None = None) -> str:
    """A path as outputs show it: relative to ``base`` with ``/`` (outside it with ``..``). Bytes that are
    no UTF-8 (file names from other systems) are shown as escapes (\\xe4), losslessly. ``resolved``:
    the path with its links resolved, when the caller has it already."""
    try:
        absolute = os.path.normpath(os.path.join(os.getcwd(), path))
        text = _below(absolute, str(base))
        if text is None:
            try:
                real = resolved if resolved is not None else str(Path(absolute).resolve())
                text = _below(real, str(_resolved(base)))
            except (OSError, RuntimeError):
                text = None
        if text is None:  # outside the base: relative to it with "..", so no build-machine prefix is published
            text = Path(os.path.relpath(absolute, base)).as_posix()
    except (OSError, RuntimeError, ValueError):
        text = Path(path).as_posix()
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _below(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` with ``/`` if it lies inside (``"."`` for the base itself), else None."""
    if os.name != "posix":  # Windows compares case-insensitively: pathlib knows how
        try:
            return PurePath(path).relative_to(base).as_posix()
        except ValueError:
            return None
    if path == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    return path[len(prefix):] if path.startswith(prefix) else None


def relative(path: str) -> str:
    """``path`` as in the report (already relative to the base, see :func:`shown`), with ``/``, for CI."""
    return Path(path).as_posix()


def outside(path: str) -> bool:
    """Whether a report path lies outside the base (absolute, or climbing out with "..")."""
    return os.path.isabs(path) or path == ".." or path.startswith("../")


@functools.lru_cache(maxsize=8)
def _resolved(base: Path) -> Path:
    return base.resolve()
