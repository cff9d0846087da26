"""What a target asks the writer for: one file, the template that renders it, and its context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to --out, always with forward slashes
    template: str
    context: dict[str, Any]


# The settings key that names the part of a target being rendered, for a target that renders in two
# parts ("head", "tail") and merges them (``merge_parts``: targets/python/package.py); absent: whole.
PART = "render_part"
