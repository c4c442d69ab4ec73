"""prozess — media breaks and legal blockers in BPMN models of German administrative procedures."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prozess")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
