"""Object branches: each property name by what applies to its value on each side (its own schema,
matching ``patternProperties``, else ``additionalProperties``), required names, the content model
(open, closed, or a schema for undeclared names), counts, names, dependencies.

Comparing the schema that applies to a name, not the ``properties`` entries, is what makes an
added property exact: in an open model it was free before (a warning: only data that used the
name with another type breaks), in a closed one it was refused (old readers refuse it now).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .branches import Branch
from .compare_scalar import count_bound
from .findings import BREAKING, COMPATIBLE, WARNING, WIRE, Finding, worst
from .view import Sub, trivially_false, trivially_true

if TYPE_CHECKING:
    from .compare import Differ


@dataclass
class _Part:
    """One schema object's properties/patternProperties/additionalProperties."""

    sub: Sub
    properties: dict[str, Any] = field(default_factory=dict)
    patterns: dict[str, Any] = field(default_factory=dict)
    additional: Any = None
    has_additional: bool = False


def parts(branch: Branch) -> list[_Part]:
    found: dict[tuple[int, str], _Part] = {}
    for keyword in ("properties", "patternProperties", "additionalProperties"):
        for occurrence in branch.flat.get(keyword):
            key = (id(occurrence.sub.schema), occurrence.sub.pointer)
            part = found.setdefault(key, _Part(occurrence.sub))
            if keyword == "properties" and isinstance(occurrence.value, dict):
                part.properties = occurrence.value
            elif keyword == "patternProperties" and isinstance(occurrence.value, dict):
                part.patterns = occurrence.value
            elif keyword == "additionalProperties":
                part.additional, part.has_additional = occurrence.value, True
    return list(found.values())


def _matches(pattern: str, name: str) -> bool:
    from ..validate.patterns import search

    try:
        return search(pattern, name)
    except Exception:  # noqa: BLE001 - an uncompilable pattern matches nothing here
        return False


def effective(found: list[_Part], name: str) -> tuple[list[Sub], bool]:
    """The subschemas a value under ``name`` must match, and whether any part declares the name."""
    subs: list[Sub] = []
    declared = False
    for part in found:
        if name in part.properties:
            subs.append(part.sub.child(part.properties[name], "properties", name))
            declared = True
            continue
        matched = [p for p in part.patterns if _matches(p, name)]
        subs += [part.sub.child(part.patterns[p], "patternProperties", p) for p in matched]
        if not matched and part.has_additional:
            subs.append(part.sub.child(part.additional, "additionalProperties"))
    return subs, declared


def additional(found: list[_Part]) -> list[Sub]:
    return [part.sub.child(part.additional, "additionalProperties") for part in found if part.has_additional]


def _required(branch: Branch) -> list[str]:
    names: list[str] = []
    for occurrence in branch.flat.get("required"):
        if isinstance(occurrence.value, list):
            names += [n for n in occurrence.value if isinstance(n, str) and n not in names]
    return names


def compare_object(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out: list[Finding] = []
    po, pn = parts(x), parts(y)
    req_o, req_n = _required(x), _required(y)
    names: list[str] = []
    for found in (po, pn):
        for part in found:
            names += [n for n in part.properties if n not in names]
    handled: set[str] = set()
    for name in names:
        eo, declared_o = effective(po, name)
        en, declared_n = effective(pn, name)
        old = eo or [differ.placeholder(x.holder, "properties", name)]
        new = en or [differ.placeholder(y.holder, "properties", name)]
        if declared_o and declared_n:
            out.extend(differ.compare(old, new))
            continue
        inner = differ.compare(old, new)
        from .compare import aggregate

        backward, forward = aggregate(inner)
        because = ", ".join(sorted({f.rule for f in inner if f.kind == WIRE}))
        if declared_n:
            before = differ.old.flatten(eo)
            if trivially_true(before):
                rule, backward = "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", (WARNING if backward != COMPATIBLE else COMPATIBLE)
            elif trivially_false(before):
                rule = "PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL"
            else:
                rule = "PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL"
            message = f"property {name!r} added"
            if name in req_n and name not in req_o:
                rule, backward = "REQUIRED_PROPERTY_ADDED", BREAKING
                message = f"required property {name!r} added"
                handled.add(name)
            old_pointer, new_pointer = x.pointer, new[0].pointer
        else:
            after = differ.new.flatten(en)
            if trivially_true(after):
                rule, forward = "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", (WARNING if forward != COMPATIBLE else COMPATIBLE)
            elif trivially_false(after):
                rule = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
            else:
                rule = "PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL"
            message = f"property {name!r} removed"
            if name in req_o and name not in req_n:
                rule, forward = "REQUIRED_PROPERTY_REMOVED", BREAKING
                message = f"required property {name!r} removed"
                handled.add(name)
            old_pointer, new_pointer = old[0].pointer, y.pointer
        message += _consequence(rule, name, because)
        out.append(differ.finding(rule, old_pointer, new_pointer, message, backward=backward, forward=forward))
    out.extend(_required_changes(differ, x, y, req_o, req_n, handled))
    out.extend(_content_model(differ, x, y, po, pn))
    out.extend(_pattern_properties(differ, x, y, po, pn))
    out.extend(count_bound(differ, x, y, "minProperties", "MIN_PROPERTIES", True))
    out.extend(count_bound(differ, x, y, "maxProperties", "MAX_PROPERTIES", False))
    names_o = [o.child("propertyNames") for o in x.flat.get("propertyNames")]
    names_n = [o.child("propertyNames") for o in y.flat.get("propertyNames")]
    if names_o or names_n:
        out.extend(differ.compare(names_o or [differ.placeholder(x.holder, "propertyNames")],
                                  names_n or [differ.placeholder(y.holder, "propertyNames")]))
    out.extend(_dependencies(differ, x, y))
    return out


def _consequence(rule: str, name: str, because: str) -> str:
    if rule == "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" and because:
        return f" to an open model: old data that used {name!r} with another value is refused"
    if rule == "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL" and because:
        return f" from an open model: new data may use {name!r} with any value, which old readers check"
    if rule.endswith("CLOSED_CONTENT_MODEL"):
        return " (the model allows no other properties)"
    return f" ({because})" if because else ""


def _required_pointer(branch: Branch) -> str:
    occurrences = branch.flat.get("required")
    return occurrences[0].pointer("required") if occurrences else branch.pointer


def _required_changes(differ: Differ, x: Branch, y: Branch, req_o: list[str], req_n: list[str],
                      handled: set[str]) -> list[Finding]:
    out = []
    for name in req_n:
        if name not in req_o and name not in handled:
            out.append(differ.finding("REQUIRED_ADDED", _required_pointer(x), _required_pointer(y), f"{name!r} is now required"))
    for name in req_o:
        if name not in req_n and name not in handled:
            out.append(differ.finding("REQUIRED_REMOVED", _required_pointer(x), _required_pointer(y), f"{name!r} is no longer required"))
    return out


def _content_model(differ: Differ, x: Branch, y: Branch, po: list[_Part], pn: list[_Part]) -> list[Finding]:
    ao, an = additional(po), additional(pn)
    fo, fn = differ.old.flatten(ao), differ.new.flatten(an)
    pointer_o = ao[0].pointer if ao else x.pointer
    pointer_n = an[0].pointer if an else y.pointer
    if trivially_true(fo) and trivially_false(fn):
        return [differ.finding("CONTENT_MODEL_CLOSED", pointer_o, pointer_n, "undeclared properties are no longer allowed")]
    if trivially_false(fo) and trivially_true(fn):
        return [differ.finding("CONTENT_MODEL_OPENED", pointer_o, pointer_n, "undeclared properties are now allowed")]
    if (trivially_true(fo) and trivially_true(fn)) or (trivially_false(fo) and trivially_false(fn)):
        return []
    return differ.compare(ao or [differ.placeholder(x.holder, "additionalProperties")],
                          an or [differ.placeholder(y.holder, "additionalProperties")])


def _pattern_properties(differ: Differ, x: Branch, y: Branch, po: list[_Part], pn: list[_Part]) -> list[Finding]:
    out: list[Finding] = []

    def subs(found: list[_Part], pattern: str) -> list[Sub]:
        return [p.sub.child(p.patterns[pattern], "patternProperties", pattern) for p in found if pattern in p.patterns]

    patterns_o = [p for part in po for p in part.patterns]
    patterns_n = [p for part in pn for p in part.patterns]
    free_o = trivially_true(differ.old.flatten(additional(po)))
    free_n = trivially_true(differ.new.flatten(additional(pn)))
    for pattern in dict.fromkeys(patterns_o + patterns_n):
        old, new = subs(po, pattern), subs(pn, pattern)
        if old and new:
            out.extend(differ.compare(old, new))
        elif new:
            # Matching names were free (or followed additionalProperties): now they follow this schema.
            backward = COMPATIBLE if trivially_true(differ.new.flatten(new)) else BREAKING
            forward = COMPATIBLE if free_o else BREAKING
            out.append(differ.finding("PATTERN_PROPERTY_ADDED", x.pointer, new[0].pointer,
                                      f"names matching {pattern!r} are now constrained", backward, forward))
        else:
            backward = COMPATIBLE if free_n else BREAKING
            forward = COMPATIBLE if trivially_true(differ.old.flatten(old)) else BREAKING
            out.append(differ.finding("PATTERN_PROPERTY_REMOVED", old[0].pointer, y.pointer,
                                      f"names matching {pattern!r} are no longer constrained by it", backward, forward))
    return out


def _dependency_map(branch: Branch) -> tuple[dict[str, set[str]], dict[str, list[Sub]]]:
    required: dict[str, set[str]] = {}
    schemas: dict[str, list[Sub]] = {}
    for keyword in ("dependentRequired", "dependencies", "dependentSchemas"):
        for occurrence in branch.flat.get(keyword):
            if not isinstance(occurrence.value, dict):
                continue
            for name, value in occurrence.value.items():
                if isinstance(value, list) and keyword != "dependentSchemas":
                    required.setdefault(name, set()).update(v for v in value if isinstance(v, str))
                elif keyword != "dependentRequired":
                    schemas.setdefault(name, []).append(occurrence.child(keyword, name))
    return required, schemas


def _dependencies(differ: Differ, x: Branch, y: Branch) -> list[Finding]:
    out: list[Finding] = []
    req_o, schemas_o = _dependency_map(x)
    req_n, schemas_n = _dependency_map(y)
    for name in dict.fromkeys(list(req_o) + list(req_n)):
        added = req_n.get(name, set()) - req_o.get(name, set())
        removed = req_o.get(name, set()) - req_n.get(name, set())
        if added:
            out.append(differ.finding("DEPENDENT_REQUIRED_ADDED", x.pointer, y.pointer,
                                      f"{name!r} now requires {', '.join(sorted(added))}"))
        if removed:
            out.append(differ.finding("DEPENDENT_REQUIRED_REMOVED", x.pointer, y.pointer,
                                      f"{name!r} no longer requires {', '.join(sorted(removed))}"))
    for name in dict.fromkeys(list(schemas_o) + list(schemas_n)):
        out.extend(differ.compare(schemas_o.get(name) or [differ.placeholder(x.holder, "dependentSchemas", name)],
                                  schemas_n.get(name) or [differ.placeholder(y.holder, "dependentSchemas", name)]))
    return out


__all__ = ["compare_object", "worst"]
