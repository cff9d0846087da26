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


# Longer than any message is kept (issues.MESSAGE_LIMIT): a string value is rendered this far only.
RENDERED_LIMIT = 400


# An array or object whose rendering is longer than this is shown by its shape: "[201 items]".
SHAPE_LIMIT = 100


def shape(value: Any) -> str:
    """``[201 items]``, ``{12 properties}``: a long array or object in a message, by its size."""
    count = len(value)
    if value.__class__ is list:
        return f"[{count} item{'' if count == 1 else 's'}]"
    return f"{{{count} propert{'y' if count == 1 else 'ies'}}}"


def with_shape(message: str, instance: Any) -> str:
    """``message`` with a long array or object it quotes whole (jsonschema quotes a 201-item array
    for maxItems) shown by its shape instead, as the fast paths' messages show it (value_repr)."""
    if instance.__class__ is list or instance.__class__ is dict:
        text = repr(instance)
        if len(text) > SHAPE_LIMIT and text in message:
            return message.replace(text, shape(instance), 1)
    return message


def value_repr(value: Any, limit: int = RENDERED_LIMIT) -> str:
    """``repr(value)``; for a string longer than ``limit``, the first part of it only — a prefix of
    ``repr(value)`` longer than ``limit``, so a message cut shorter reads the same — instead of a
    rendering of the whole (a hostile 100 MB value made as large a message before it was cut); an
    array or object rendered longer than SHAPE_LIMIT by its shape (``shape``)."""
    if value.__class__ is not str or len(value) <= limit:
        if value.__class__ is list or value.__class__ is dict:
            text = repr(value)
            return text if len(text) <= SHAPE_LIMIT else shape(value)
        return repr(value)
    part = value[:limit]
    # repr picks its quotes from the whole string; a quote added to the part makes it pick the same.
    if "'" not in value:
        return repr(part)[:-1]
    if '"' not in value:
        return repr(part + "'")[:-2]  # double quotes, as for the whole; drop the added ' and the closing "
    return repr(part + "'\"")[:-4]  # single quotes with \' inside; drop the added \'" and the closing '


# json.dumps with any option builds an encoder per call, which cost more than the encoding.
_JSON_SPELLING = json.JSONEncoder(ensure_ascii=False).encode


def _repr(instance: Any) -> str:
    # JSON spelling (true, null), not Python's (True, None): the reader wrote JSON. Only the start
    # of a long string is encoded: JSON escapes each character on its own, so it is the same start.
    if instance.__class__ is str and len(instance) > 100:
        instance = instance[:100]
    elif instance.__class__ is list or instance.__class__ is dict:
        try:
            text = _JSON_SPELLING(instance)
        except (TypeError, ValueError):
            text = repr(instance)
        return text if len(text) <= SHAPE_LIMIT else shape(instance)
    try:
        text = _JSON_SPELLING(instance)
    except (TypeError, ValueError):
        text = repr(instance)
    return text if len(text) <= 100 else text[:99] + "…"
