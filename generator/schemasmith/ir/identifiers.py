"""Spelling names that know no target: words of a wire name, PascalCase model names, file names
no filesystem refuses. Each target's own identifier policy lives in ``targets/<name>/naming.py``."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")

# File names Windows reserves for devices, whatever the extension or case ("con.py", "Nul.md").
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


def words(name: str) -> list[str]:
    """Split a wire name into words at separators and case changes: ``channelManager_sid`` -> 3."""
    ascii_name = name.encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(ascii_name)


def class_name(name: str) -> str:
    """PascalCase, the one spelling of a model name every target shares."""
    parts = words(name)
    result = "".join(p[:1].upper() + p[1:] for p in parts) or "Model"
    if result[0].isdigit():
        result = f"Model{result}"
    return result
