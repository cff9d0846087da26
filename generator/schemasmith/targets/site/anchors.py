"""Per-field anchors on a site page: ``#session_id`` for the wire name ``session_id``.

An anchor is the wire name itself when it is made only of ASCII letters, digits, ``_`` and ``-``
(the common case); other characters are spelled ``_x<hex>_``. An anchor must not take an id the
page already uses: the section headings' (``fields``, ``example-usage``...), the theme's own
(mkdocs-material's start with ``__``: ``__search``, ``__drawer``), or another field's. Such a
field gets ``field-`` before its anchor, then, if even that is taken, ``-2``, ``-3``... in schema
order: anchors are links, not identifiers in code, so a counter is acceptable here and stays
deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# The ids the site's page templates give their headings (see templates/site/*.md.jinja), plus
# what mkdocs-material and Python-Markdown may put on a page besides.
RESERVED = frozenset(
    {"example-usage", "fields", "json-example", "type", "used-by", "models", "named-types", "schema",
     "content", "skip", "top"}
)


def _spelled(wire_name: str) -> str:
    text = "".join(c if (c.isascii() and (c.isalnum() or c in "_-")) else f"_x{ord(c):x}_" for c in wire_name)
    return text or "_empty_"


def field_anchors(wire_names: Sequence[str], taken: Iterable[str] = RESERVED) -> list[str]:
    used = set(taken)
    anchors = []
    for wire_name in wire_names:
        anchor = _spelled(wire_name)
        if anchor in used or anchor.startswith("__") or not anchor[0].isalpha() and anchor[0] != "_":
            anchor = f"field-{anchor}"
        base, count = anchor, 1
        while anchor in used:
            count += 1
            anchor = f"{base}-{count}"
        used.add(anchor)
        anchors.append(anchor)
    return anchors
