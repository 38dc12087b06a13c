"""Is a span inside one of these spans? Answered by bisection, so a long text with many dates stays linear."""

from __future__ import annotations

import bisect
from collections.abc import Sequence


class SpanIndex:
    """Spans (start, end), any order, possibly overlapping; ``contains(s, e)``: is (s, e) inside one of them."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach: list[int] = []  # the furthest end of any span starting at or before each start
        furthest = -1
        for _, e in ordered:
            furthest = max(furthest, e)
            self._reach.append(furthest)

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end
