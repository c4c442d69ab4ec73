"""Which files a run checks: exclusions, files changed since a git revision, CI shards."""

from __future__ import annotations

import fnmatch
import hashlib
import subprocess
from pathlib import Path


class SelectionError(Exception):
    pass


def excluded(shown: str, patterns: tuple[str, ...]) -> bool:
    """Glob patterns against the displayed path (``*`` also crosses ``/``)."""
    return any(fnmatch.fnmatch(shown, pattern) or fnmatch.fnmatch(Path(shown).name, pattern) for pattern in patterns)


def changed_since(revision: str) -> set[Path]:
    """Files added, copied, modified or renamed since ``revision`` (committed or not), resolved."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True)
        diff = subprocess.run(
            ["git", "diff", "--name-only", "--diff-filter=ACMR", revision, "--"],
            capture_output=True, text=True, check=True,
        )
        untracked = subprocess.run(
            ["git", "ls-files", "--others", "--exclude-standard"], capture_output=True, text=True, check=True
        )
    except FileNotFoundError:
        raise SelectionError("--changed-since needs git, which is not installed") from None
    except subprocess.CalledProcessError as exc:
        raise SelectionError(f"--changed-since {revision}: git says: {exc.stderr.strip() or exc}") from None
    root = Path(top.stdout.strip())
    names = diff.stdout.splitlines() + untracked.stdout.splitlines()
    return {(root / name).resolve() for name in names if name}


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
