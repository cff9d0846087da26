"""Which keywords and which fields fail most: counts over a run's issues, for ``--summary``.

Pointers are counted as fields: an array index becomes ``*`` (``/events/3/type`` and
``/events/7/type`` are both ``/events/*/type``), so the counts name what is wrong, not where in
which array. A document that is not JSON at all counts under the keyword ``(not parsed)``; inputs
that could not be read are counted by the run's summary, not here.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..issues import Issue

NOT_PARSED = "(not parsed)"
TOP = 5
_INDEX = re.compile(r"/\d+(?=/|$)")


class IssueCounts:
    def __init__(self) -> None:
        self.keywords: Counter[str] = Counter()
        self.pointers: Counter[str] = Counter()

    def add(self, issue: Issue) -> None:
        self.keywords[issue.keyword or NOT_PARSED] += 1
        if issue.keyword is not None:
            self.pointers[field(issue.pointer)] += 1

    def ranked(self, counter: Counter[str], limit: int | None = None) -> list[tuple[str, int]]:
        """Most frequent first; ties by name, so the order does not depend on the input's order."""
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]

    def to_record(self) -> dict[str, Any]:
        return {
            "keywords": dict(self.ranked(self.keywords)),
            "pointers": dict(self.ranked(self.pointers)),
        }

    def top_text(self) -> str:
        """The text summary's view, for its one line: the five most frequent failing fields and keywords."""
        parts = []
        if self.pointers:
            parts.append("top failing fields: " + ", ".join(f"#{p} ({n:,})" for p, n in self.ranked(self.pointers, TOP)))
        if self.keywords:
            parts.append("top keywords: " + ", ".join(f"{k} ({n:,})" for k, n in self.ranked(self.keywords, TOP)))
        return "; ".join(parts)


def field(pointer: str) -> str:
    return _INDEX.sub("/*", pointer)
