"""JSON Pointer (RFC 6901) helpers shared by every stage that reports a location."""

from __future__ import annotations

from collections.abc import Iterable


def escape_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_from_parts(parts: Iterable[object]) -> str:
    return "".join("/" + escape_token(part) for part in parts)


def join(pointer: str, *parts: object) -> str:
    return pointer + pointer_from_parts(parts)
