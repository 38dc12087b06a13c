"""Export: redacted summaries (and the mentor's confirmed plaintext copy), headless. Imports no Textual.

``exporting`` is the one pipeline both front ends call; ``formats`` is the table of export formats.
Nothing is imported here eagerly: the CLI reads the format table at every start, and the redaction
engine (with phonenumbers' metadata) must load only when an export runs.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Finding", "KnownPerson", "apply", "residue", "scan", "withhold_private"]


def __getattr__(name: str) -> Any:
    if name in __all__:  # the redaction engine's entry points, loaded on first use
        return getattr(import_module("mentorjournal.export.redaction"), name)
    raise AttributeError(f"module 'mentorjournal.export' has no attribute {name!r}")
