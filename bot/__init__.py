"""pressbot: checks, fixes and publishes the posts of Git-backed sites."""

__version__ = "0.1.0"
