"""A strict YAML reader for files written by people who are not programmers.

PyYAML's ``safe_load`` silently keeps the last of two duplicate keys, reads
``no`` as False, ``1.10`` as 1.1 and ``2024-01-01`` as a date. Here:

- every scalar stays the string the author wrote (empty/``~``/``null`` → None),
  so the typed models decide what a value means and can say so;
- duplicate keys, anchors and aliases (``&``/``*``, the "billion laughs" trick),
  merge keys and any explicit tag such as ``!!python/object`` are errors;
- every value knows its line and column: :class:`Located` maps a field path
  such as ``("norm", "valid_from")`` or ``("examples", "must_match", 2)`` to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import ProzessError

if TYPE_CHECKING:
    import yaml

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
MAX_BYTES = 1024 * 1024  # a rule file is a page of text; a megabyte is an accident or an attack

Path = tuple[Any, ...]


class YamlError(ProzessError):
    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Located:
    """Parsed data plus the position (line, column; 1-based) of every value and key."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)  # where the key of a mapping entry stands

    def key_position(self, path: Path) -> tuple[int | None, int | None]:
        """Position of the key at ``path`` (for "unknown field"), else of the value."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        line = self.line_of(path)
        return line, self.column_of(path) if line else None

    def line_of(self, path: Path) -> int | None:
        """Line of the value at ``path``, or of its nearest existing parent."""
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path][0]
            if not path:
                return None
            path = path[:-1]

    def column_of(self, path: Path) -> int | None:
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (None, None))[1]


def load(text: str) -> Located:
    """Parse one YAML document strictly. Raises :class:`YamlError` with a German message."""
    if len(text.encode("utf-8", "ignore")) > MAX_BYTES:
        raise YamlError(f"Die Datei ist größer als {MAX_BYTES // 1024} KiB.")
    import yaml  # here: a start that reads its rules and lexicon from the cache does without PyYAML

    # libyaml's C parser where PyYAML was built with it: same events and marks, ten times faster
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise YamlError(
                    "Anker und Verweise (& und *) sind nicht erlaubt; schreiben Sie den Wert aus.",
                    mark.line + 1, mark.column + 1,
                )
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "ungültiges YAML"
        raise YamlError(
            f"Kein gültiges YAML: {problem}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"Kein gültiges YAML: {exc}") from None
    positions: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    if node is None:
        return Located(None)
    data = _convert(node, (), positions, keys)
    return Located(data, positions, keys)


def _convert(node: yaml.Node, path: Path, positions: dict, keys: dict) -> Any:
    mark = node.start_mark
    positions[path] = (mark.line + 1, mark.column + 1)
    if node.tag not in _CORE_TAGS:
        raise YamlError(
            f"Der Typ-Vermerk „{node.tag}“ ist nicht erlaubt; schreiben Sie den Wert ohne Vermerk.",
            mark.line + 1, mark.column + 1,
        )
    if node.id == "scalar":
        if node.style is None and node.value in _NULLS:
            return None
        return node.value
    if node.id == "sequence":
        return [_convert(item, path + (i,), positions, keys) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        kmark = key_node.start_mark
        if key_node.id != "scalar":
            raise YamlError("Ein Schlüssel muss ein einfacher Text sein.", kmark.line + 1, kmark.column + 1)
        key = key_node.value
        if key == "<<":
            raise YamlError("Zusammenführungen (<<) sind nicht erlaubt.", kmark.line + 1, kmark.column + 1)
        if key in result:
            first = positions.get(path + (key,), (None,))[0]
            raise YamlError(
                f"Der Schlüssel „{key}“ steht doppelt (zuerst in Zeile {first}); "
                "YAML würde den ersten Wert stillschweigend verwerfen.",
                kmark.line + 1, kmark.column + 1,
            )
        keys[path + (key,)] = (kmark.line + 1, kmark.column + 1)
        result[key] = _convert(value_node, path + (key,), positions, keys)
    return result
