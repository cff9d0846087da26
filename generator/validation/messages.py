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


# json.dumps with any option builds an encoder per call, which cost more than the encoding.
_JSON_SPELLING = json.JSONEncoder(ensure_ascii=False).encode


def _repr(instance: Any) -> str:
    # JSON spelling (true, null), not Python's (True, None): the reader wrote JSON.
    try:
        text = _JSON_SPELLING(instance)
    except (TypeError, ValueError):
        text = repr(instance)
    return text if len(text) <= 100 else text[:99] + "…"
