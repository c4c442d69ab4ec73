"""Which files a run checks: exclusions, files changed since a git revision, CI shards."""

from __future__ import annotations

import fnmatch
import hashlib
import os
import subprocess
from pathlib import Path

from ..errors import ProzessError


class SelectionError(ProzessError):
    pass


def excluded(shown: str, patterns: tuple[str, ...], also: str | None = None) -> bool:
    """Glob patterns against the displayed path (``*`` also crosses ``/``); ``also``: the same path
    relative to the configuration's folder, where the patterns were written."""
    candidates = [shown, Path(shown).name] + ([also] if also else [])
    return any(fnmatch.fnmatch(c, pattern) for c in candidates for pattern in patterns)


def _git(args: list[str], cwd: Path | None = None) -> bytes:
    done = subprocess.run(["git", *(["-C", str(cwd)] if cwd else []), *args], capture_output=True, check=True)
    return done.stdout


def changed_since(revision: str) -> set[Path]:
    """Files added, copied, modified or renamed since ``revision`` (committed or not), resolved.

    Runs at the repository's top level with NUL-separated output (file names with umlauts or
    spaces arrive unquoted), ends git's options before the revision (a revision can never be an
    option) and verifies the revision first: an unknown one is an error, not "no files".
    """
    try:
        top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"]).strip()))
        try:
            _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top)
        except subprocess.CalledProcessError:
            raise SelectionError(f"--changed-since {revision!r}: no such revision in {top}") from None
        diff = _git(["diff", "-z", "--name-only", "--diff-filter=ACMR", "--end-of-options", revision, "--"], top)
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    except FileNotFoundError:
        raise SelectionError("--changed-since needs git, which is not installed") from None
    except subprocess.CalledProcessError as exc:
        message = os.fsdecode(exc.stderr or b"").strip() or str(exc)
        raise SelectionError(f"--changed-since {revision}: git says: {message}") from None
    names = [os.fsdecode(n) for n in (diff + untracked).split(b"\0") if n]
    return {(top / name).resolve() for name in names}


def ignored_by_git(paths: list[Path]) -> set[Path]:
    """Which of ``paths`` git ignores (.gitignore, .git/info/exclude, global excludes); none outside a repository."""
    if not paths:
        return set()
    try:
        top = Path(os.fsdecode(_git(["rev-parse", "--show-toplevel"], paths[0].parent)).strip())
        done = subprocess.run(
            ["git", "-C", str(top), "check-ignore", "-z", "--stdin"],
            input=b"\0".join(os.fsencode(p.resolve()) for p in paths), capture_output=True, check=False,
        )
    except (FileNotFoundError, subprocess.CalledProcessError, OSError, RuntimeError):
        return set()
    if done.returncode not in (0, 1):
        return set()
    return {Path(os.fsdecode(n)).resolve() for n in done.stdout.split(b"\0") if n}


def parse_shard(text: str) -> tuple[int, int]:
    try:
        index, total = (int(part) for part in text.split("/"))
    except ValueError:
        raise SelectionError(f"--shard {text!r}: expected I/N, e.g. 1/4") from None
    if not 1 <= index <= total:
        raise SelectionError(f"--shard {text!r}: I must be between 1 and N")
    return index, total


def in_shard(shown: str, shard: tuple[int, int]) -> bool:
    """A stable split: the same file is always in the same shard of N."""
    index, total = shard
    return int(hashlib.sha256(shown.encode("utf-8")).hexdigest(), 16) % total == index - 1
