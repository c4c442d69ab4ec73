"""One exception hierarchy for library users: every error prozess raises on purpose is a ProzessError.

    ProzessError
    ├── BpmnError        a model that cannot be read (message, path, line, column)
    ├── RuleBaseError    a rule base with errors (its located problems)
    ├── FileError        a file of the user's that cannot be read ("path:line: message")
    │   ├── LexiconError     a lexicon file
    │   └── PlanningError    a planning file of the site
    ├── ConfigError      [tool.prozess] / prozess.toml
    ├── SelectionError   --changed-since and shards
    ├── XProzessError    a FIM/XProzess container that cannot be read
    ├── YamlError        strict YAML (rule files, lexicons)
    └── SiteError        building the documentation site

The command line turns each into a message with file and line; the checker itself never raises for
bad input (``prozess.read`` and ``prozess.check`` report it per file).
"""

from __future__ import annotations


class ProzessError(Exception):
    """Base of every error prozess raises on purpose."""


class FileError(ProzessError):
    """A file of the user's (lexicon, planning file) that cannot be read: "path:line: message"."""

    def __init__(self, path: str, message: str, line: int | None = None):
        super().__init__(f"{path}:{line or '?'}: {message}")
        self.path, self.message, self.line = path, message, line


class BpmnError(ProzessError):
    def __init__(self, message: str, path: str, line: int | None = None, column: int | None = None):
        where = f"{path}:{line}" + (f":{column}" if column else "") if line else path
        super().__init__(f"{where}: {message}")
        self.message, self.path, self.line, self.column = message, path, line, column


class RuleBaseError(ProzessError):
    def __init__(self, problems):
        self.problems = tuple(problems)  # prozess.legal.rules.RuleProblem, each with file, line, field
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid rule base")
