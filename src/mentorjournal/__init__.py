"""MentorJournal: encrypted session notes for mentors, with redacted progress summaries.

The package is layered, imports flowing one way only:
``vault`` (bytes, keys, files) <- ``journal`` (the mentoring domain) <- ``export`` (redaction,
summaries) <- ``cli`` and ``tui``. Nothing below ``tui`` imports Textual.
"""

__version__ = "0.1.0"
