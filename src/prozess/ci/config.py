"""Project configuration: ``[tool.prozess]`` in pyproject.toml or a ``prozess.toml``.

The nearest file wins, found by walking up from the working directory (up to
the repository root, the directory holding ``.git``); files are not merged.
Command-line options override it. Every value remembers where it came from,
so ``prozess config`` can show it. Relative paths in a file are relative to
that file.

    [tool.prozess]
    paths = ["prozesse/"]
    exclude = ["prozesse/archiv/*"]
    jurisdiction = "DE-NI"
    rules = ["regeln/stadt/"]          # extra rule layers after the shipped rules
    lexicon = ["begriffe.yaml"]
    disable = ["media/unknown-medium"]
    severity = { "media/re-keying" = "error", "legal/LB-BUND-EGOVG-13-UNTERSCHRIFTSFELD" = "off" }
    fail_on = "warning"
    baseline = ".prozess-baseline.json"
    jobs = 2
    docs_url = "https://prozess.stadt.example/"
    roles = { "Team Nord" = "authority", "Pool_Buerger" = "applicant" }   # pool name or id -> role
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ProzessError
from ..media.roles import Role

LEVELS = ("error", "warning", "info", "off")
FAIL_LEVELS = ("error", "warning", "info", "never")


class ConfigError(ProzessError):
    pass


@dataclass(frozen=True)
class Settings:
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jurisdiction: str | None = None
    rules: tuple[str, ...] = ()
    lexicon: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "error"
    baseline: str | None = None
    jobs: int | None = None
    docs_url: str | None = None
    roles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")

    def override(self, **values: Any) -> "Settings":
        """Command-line values (None: not given) replace file values."""
        given = {k: v for k, v in values.items() if v is not None and v != () and v != []}
        sources = dict(self.sources)
        for key in given:
            sources[key] = "--" + key.replace("_", "-")
        converted = {k: tuple(v) if isinstance(v, list) else v for k, v in given.items()}
        return replace(self, **converted, sources=sources)


_KEYS = [f.name for f in fields(Settings) if f.name != "sources"]


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest prozess.toml or pyproject.toml with [tool.prozess], walking up from ``start``."""
    for directory in [start, *start.parents]:
        candidate = directory / "prozess.toml"
        if candidate.is_file():
            return candidate, _read(candidate)
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            table = _read(candidate).get("tool", {}).get("prozess")
            if table is not None:
                return candidate, table
        if (directory / ".git").exists():
            return None
    return None


def _read(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def load_settings(start: Path | None = None) -> tuple[Settings, Path | None]:
    """Settings from the nearest configuration file (or defaults), and that file."""
    start = (start or Path.cwd()).resolve()
    found = find_config(start)
    if found is None:
        return Settings(), None
    path, table = found
    return parse(table, path), path


def parse(table: dict, path: Path) -> Settings:
    label = path.name if path.name == "prozess.toml" else f"{path.name} [tool.prozess]"
    base = path.parent
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{path}: unknown key {key!r}{hint}")
        values[key] = _check(key, value, path, base)
    return Settings(**values, sources={key: label for key in values})


def _check(key: str, value: Any, path: Path, base: Path) -> Any:
    def fail(expected: str) -> ConfigError:
        return ConfigError(f"{path}: {key} must be {expected}, not {value!r}")

    if key in ("paths", "exclude", "rules", "lexicon", "disable"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail("a list of strings")
        if key in ("paths", "rules", "lexicon"):
            return tuple(str((base / v).resolve()) if not Path(v).is_absolute() else v for v in value)
        return tuple(value)
    if key == "severity":
        if not isinstance(value, dict) or not all(isinstance(v, str) and v in LEVELS for v in value.values()):
            raise fail(f"a table of rule = one of {', '.join(LEVELS)}")
        return dict(value)
    if key == "roles":
        allowed = tuple(role.value for role in Role)
        if not isinstance(value, dict) or not all(isinstance(v, str) and v in allowed for v in value.values()):
            raise fail(f"a table of pool name or id = one of {', '.join(allowed)}")
        return dict(value)
    if key == "fail_on":
        if value not in FAIL_LEVELS:
            raise fail(f"one of {', '.join(FAIL_LEVELS)}")
        return value
    if key == "jobs":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail("a whole number of at least 1")
        return value
    if key == "baseline":
        if not isinstance(value, str):
            raise fail("a path")
        return str((base / value).resolve()) if not Path(value).is_absolute() else value
    if not isinstance(value, str):
        raise fail("a string")
    return value


def describe(settings: Settings, path: Path | None) -> str:
    lines = [f"configuration file: {path or 'none found (defaults)'}"]
    for key in _KEYS:
        value = getattr(settings, key)
        shown = list(value) if isinstance(value, tuple) else value
        lines.append(f"{key} = {shown!r}  ({settings.source(key)})")
    return "\n".join(lines) + "\n"
