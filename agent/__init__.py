"""followup: keeps a job seeker's applications moving by reading their mail."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("followup")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
