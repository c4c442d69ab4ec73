"""A cache of what every start would otherwise build again from the same files: the rule base, the lexicon.

A value is kept under a key made of prozess's code (the version and the modification times of its
modules), Python's version and the parts the value is built from – the names and bytes of its source
files and whatever else it depends on. Editing a rule file changes the key, so a stale value is never
read. Values are pickled into ``$PROZESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/prozess``, else
``~/.cache/prozess`` (``%LOCALAPPDATA%\\prozess`` on Windows); ``PROZESS_CACHE_DIR=`` (empty) turns the
cache off. A cache that cannot be read or written is no error: the value is built as without it.

A pickle can run code when it is read, so the folder is made readable and writable by its owner only,
and a folder that someone else owns or others may write to is not used.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from . import __version__

T = TypeVar("T")
KEEP = 8  # values of one kind kept (older ones are removed when a new one is stored)
_STAMP: list[bytes] = []


def directory() -> Path | None:
    """The cache folder; None when the cache is turned off."""
    configured = os.environ.get("PROZESS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured.strip() else None
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "prozess"
    home = os.environ.get("XDG_CACHE_HOME")
    return (Path(home) if home else Path.home() / ".cache") / "prozess"


def key(kind: str, parts: Iterable[str | bytes]) -> str:
    """The file name of a value: its kind and a digest of the code and of every part, each length-prefixed."""
    digest = hashlib.sha256(_code_stamp())
    for part in (kind, *parts):
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return f"{kind}-{digest.hexdigest()[:40]}.pickle"


def cached(kind: str, parts: Iterable[str | bytes], build: Callable[[], T]) -> T:
    """The value kept under ``kind`` and ``parts``, or ``build()`` – then kept for the next start."""
    folder = directory()
    if folder is None or not _private(folder):
        return build()
    path = folder / key(kind, parts)
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, unreadable or broken: built again below
        pass
    value = build()
    _store(folder, path, kind, value)
    return value


def _private(folder: Path) -> bool:
    """The folder is missing (it is made private) or only its owner, this user, may write to it."""
    try:
        info = folder.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if os.name != "posix":
        return True
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _store(folder: Path, path: Path, kind: str, value: object) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        # written beside and renamed: a parallel run reads either no file or a whole one
        handle = tempfile.NamedTemporaryFile("wb", dir=folder, prefix=f".{kind}-", delete=False)
    except OSError:  # a read-only home, no home at all: no cache then
        return
    try:
        with handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except Exception:  # noqa: BLE001 - a full disk, a value that cannot be pickled: no cache then
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        return
    with contextlib.suppress(OSError):
        kept = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in kept[KEEP:]:
            stale.unlink(missing_ok=True)


def _code_stamp() -> bytes:
    """prozess's version, Python's, and the size and modification time of every module of the package:
    a value pickled by other code is never read back."""
    if not _STAMP:
        package = Path(__file__).resolve().parent
        stamp = [__version__, sys.version]
        for module in sorted(package.rglob("*.py")):
            try:
                info = module.stat()
            except OSError:
                continue
            stamp.append(f"{module.relative_to(package)} {info.st_size} {info.st_mtime_ns}")
        _STAMP.append("\n".join(stamp).encode("utf-8", "surrogateescape"))
    return _STAMP[0]
