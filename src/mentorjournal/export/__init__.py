"""Export: the headless redaction engine (and, later, summaries built on it). Imports no Textual."""

from .redaction import Finding, KnownPerson, apply, residue, scan, withhold_private

__all__ = ["Finding", "KnownPerson", "apply", "residue", "scan", "withhold_private"]
