"""prozess — media breaks and legal blockers in BPMN models of German administrative procedures.

The public API (documented in the README, "Python API")::

    import prozess

    analysis = prozess.analyse("processes/wohngeld.bpmn", jurisdiction="DE-NI")
    report = prozess.check(["processes/"])

The functions are imported with the package (``prozess.check`` is the function, not the module
of the same name); the types on first use.
"""

from importlib import import_module

# the one place of the version (pyproject.toml reads it); importlib.metadata would cost every start 30 ms
__version__ = "0.1.0"

_EXPORTS = {
    # reading and analysing (the functions are imported below)
    "Options": "check", "Limits": "bpmn.loader", "LoadResult": "bpmn.loader", "Report": "report", "FileReport": "report",
    "ProcessReport": "report",
    # the model and the results
    "Definitions": "bpmn.model", "Process": "bpmn.model", "Node": "bpmn.model",
    "Finding": "findings", "Severity": "findings", "RuleInfo": "findings",
    "Medium": "media.inference", "StepMedium": "media.inference", "ProcessMedia": "media.inference",
    "Readiness": "readiness", "Cap": "readiness",
    "Procedure": "procedures", "Identity": "legal.identity",
    "RuleBase": "legal.rules", "Rule": "legal.rules",
    # errors
    "ProzessError": "errors", "BpmnError": "errors", "RuleBaseError": "errors",
    "LexiconError": "media.lexicon", "ConfigError": "ci.config", "SelectionError": "ci.selection",
    "XProzessError": "bpmn.xprozess", "YamlError": "yamlsrc",
}

__all__ = ["__version__", "read", "load", "analyse", "check", "load_rules", "Analysis", *_EXPORTS]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'prozess' has no attribute {name!r}")
    value = getattr(import_module(f"prozess.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)


# last: importing the API imports the submodule ``prozess.check``, which would otherwise shadow the function
from .api import Analysis, analyse, check, load, load_rules, read  # noqa: E402
