"""Error messages the fast path and the reference validator share, worded as ``jsonschema`` words them."""

from __future__ import annotations

import json
from typing import Any


def type_list_message(instance: Any, expected: list[Any]) -> str:
    """``"x" is not of type 'number' or 'null'`` from the ``type`` values of failed branches."""
    types: list[str] = []
    for value in expected:
        for name in value if isinstance(value, list) else [value]:
            if str(name) not in types:
                types.append(str(name))
    return f"{_repr(instance)} is not of type {' or '.join(repr(t) for t in types)}"


def _repr(instance: Any) -> str:
    # JSON spelling (true, null), not Python's (True, None): the reader wrote JSON.
    try:
        text = json.dumps(instance, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(instance)
    return text if len(text) <= 100 else text[:99] + "…"
