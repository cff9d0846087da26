"""What a target asks the writer for: one file, the template that renders it, and its context."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to --out, always with forward slashes
    template: str
    context: dict[str, Any]
