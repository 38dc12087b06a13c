"""MentorJournal's benchmark, side by side with jrnl: `python benchmarks/run.py` (docs/performance.md).

Nothing here is imported by the app or by the tests; everything it writes goes under benchmarks/out/.
"""
