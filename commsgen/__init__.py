"""commsgen: the documents of a sexting incident at school, each audience seeing only what it may."""

from __future__ import annotations

__version__ = "0.1.0"
