"""Schemas that hand the same instance on to other schemas: refuse cycles and overlong chains.

``$ref`` (and ``$dynamicRef``, ``$recursiveRef``), ``allOf``/``anyOf``/``oneOf``, ``not``,
``if``/``then``/``else`` and ``dependentSchemas`` apply a schema *in place*, to the same instance.
A cycle of them (``{"$ref": "#"}``, or ``a -> b -> a`` through ``$defs``) never reaches a smaller
part of the document: validating recurses until Python gives up, on every document that gets
there. A long chain of them costs several stack frames per link. Both are refused with the schema
(exit 2, one line naming the path), before any document is read, rather than reported as a
meaningless "nested too deeply" against each document.

A recursive schema whose recursion goes through ``properties``, ``items``… is fine: each step
reaches a smaller part of the document, and documents nest at most MAX_DEPTH levels.
"""

from __future__ import annotations

from typing import Any

from ..errors import SchemaSmithError

# The longest chain of in-place links validated. jsonschema spends ~5 stack frames on each link;
# reference.py lets validation use REFERENCE_RECURSION_LIMIT frames, which must leave room for a
# document MAX_DEPTH levels deep as well.
MAX_IN_PLACE_CHAIN = 1000

_IN_PLACE_LISTS = ("allOf", "anyOf", "oneOf")
_IN_PLACE_SINGLE = ("not", "if", "then", "else")
_REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")
_WHITE, _GREY, _BLACK = 0, 1, 2


def check_in_place(nodes: list[tuple[Any, Any, str]], specification: Any,
                   unresolvable: type[Exception] | None = None) -> None:
    """Refuse a cycle of in-place links, or a chain of more than MAX_IN_PLACE_CHAIN, from any of
    ``nodes``: (schema, resolver at that schema, JSON pointer) for every subschema.

    ``specification`` and ``unresolvable`` are ``referencing``'s (imported when not given); a
    schema whose references are all local (local_refs.py) passes None and LookupError, with a
    local_refs.LocalResolver, and no subschema below the root names a base URI there."""
    if unresolvable is None:
        from referencing.exceptions import Unresolvable

        unresolvable = Unresolvable
    names = {id(node): pointer for node, _, pointer in nodes}
    colour: dict[int, int] = {}
    longest: dict[int, int] = {}
    for start, resolver, _ in nodes:
        if colour.get(id(start), _WHITE) != _WHITE:
            continue
        # Iterative depth-first search: a chain may be far longer than Python's recursion allows.
        colour[id(start)] = _GREY
        first = _links(start, resolver, specification, unresolvable)
        stack: list[tuple[Any, list[tuple[Any, Any]], int]] = [(start, first, 0)]
        while stack:
            node, links, next_link = stack[-1]
            if next_link < len(links):
                stack[-1] = (node, links, next_link + 1)
                target, target_resolver = links[next_link]
                state = colour.get(id(target), _WHITE)
                if state == _GREY:
                    on_path = [id(entry[0]) for entry in stack]
                    cycle = on_path[on_path.index(id(target)) :] + [id(target)]
                    shown = " -> ".join(f"#{names[i]}" if i in names else "(a referenced schema)" for i in cycle)
                    raise SchemaSmithError(f"broken schema: $ref cycle with no base case: {shown}",
                                           pointer=names.get(id(target)))
                if state == _WHITE:
                    colour[id(target)] = _GREY
                    stack.append((target, _links(target, target_resolver, specification, unresolvable), 0))
                continue
            stack.pop()
            colour[id(node)] = _BLACK
            longest[id(node)] = 1 + max((longest[id(target)] for target, _ in links), default=0)
            if longest[id(node)] - 1 > MAX_IN_PLACE_CHAIN:  # nodes, one more than links
                raise SchemaSmithError(
                    f"broken schema: a chain of more than {MAX_IN_PLACE_CHAIN:,} $refs (or allOf, anyOf…) "
                    "applying to the same value is too long to validate",
                    pointer=names.get(id(node)),
                )


def _links(node: Any, resolver: Any, specification: Any, unresolvable: type[Exception]) -> list[tuple[Any, Any]]:
    """The schemas ``node`` applies to its own instance, each with the resolver to read it with."""
    if not isinstance(node, dict):
        return []
    if specification is not None and isinstance(node.get("$id"), str):
        resolver = resolver.in_subresource(specification.create_resource(node))
    found: list[tuple[Any, Any]] = []
    for keyword in _IN_PLACE_LISTS:
        if isinstance(node.get(keyword), list):
            found += [(item, resolver) for item in node[keyword] if isinstance(item, dict)]
    for keyword in _IN_PLACE_SINGLE:
        if isinstance(node.get(keyword), dict):
            found.append((node[keyword], resolver))
    if isinstance(node.get("dependentSchemas"), dict):
        found += [(item, resolver) for item in node["dependentSchemas"].values() if isinstance(item, dict)]
    for keyword in _REFERENCES:
        if isinstance(node.get(keyword), str):
            try:
                resolved = resolver.lookup(node[keyword])
            except unresolvable:
                continue  # reported by check_schema
            found.append((resolved.contents, resolved.resolver))
    return found
