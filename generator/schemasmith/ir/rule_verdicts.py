"""What a rule (ir/rules.py) says about every value of one JSON type, read at generation time.

An untyped schema whose keywords constrain more than objects (``properties`` beside ``not``,
``enum``, ``anyOf``, ``minLength``...) takes each non-object value its whole rule accepts
(ir/ref_siblings.py: ``or_checked``). Per JSON type the rule may accept every value (the loaders
need not run it), refuse every value (the type is left out of the union: the loaders refuse it by
its type, as the validator does), or depend on the value (the loaders run the rule). Null is a
single value, so its verdict is always known — except through a keyword this reading does not
know, where ``None`` (depends) is the cautious answer everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from .nodes import Rule, value_type

# The JSON type each keyword constrains (the others it leaves valid).
_KEYWORD_KIND = {
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"), "number"),
    **dict.fromkeys(("minLength", "maxLength", "pattern", "format"), "string"),
    **dict.fromkeys(("prefixItems", "items", "minItems", "maxItems", "uniqueItems", "contains", "unevaluatedItems"),
                    "array"),
    **dict.fromkeys(("properties", "patternProperties", "additionalProperties", "required", "minProperties",
                     "maxProperties", "propertyNames", "dependentRequired", "dependentSchemas",
                     "unevaluatedProperties"), "object"),
}
KINDS = ("boolean", "number", "string", "array", "object", "null")


def _all(found: Sequence[bool | None]) -> bool | None:
    if False in found:
        return False
    return True if all(f is True for f in found) else None


def _any(found: Sequence[bool | None]) -> bool | None:
    if True in found:
        return True
    return False if all(f is False for f in found) else None


def _one(found: Sequence[bool | None]) -> bool | None:
    if found.count(True) > 1:
        return False
    if None in found:
        return None
    return found.count(True) == 1


def verdict(rules: Sequence[Rule], index: int, kind: str, _seen: frozenset[int] = frozenset()) -> bool | None:
    """Whether rule ``index`` accepts every value of JSON type ``kind`` (True), none (False), or
    some (None). ``number`` includes integers."""
    if index in _seen:
        return None  # a rule reached again in place: no static answer
    seen = _seen | {index}
    found: list[bool | None] = []
    keywords = rules[index].keywords
    for position, (keyword, argument) in enumerate(keywords):
        if keyword == "false":
            found.append(False)
        elif keyword == "type":
            found.append(True if kind in argument else None if kind == "number" and "integer" in argument else False)
        elif keyword in ("enum", "const"):
            values = argument if keyword == "enum" else (argument,)
            same = [v for v in values if value_type(v) == kind]
            found.append(False if not same else True if kind == "null" else None)
        elif keyword in _KEYWORD_KIND:
            found.append(None if _KEYWORD_KIND[keyword] == kind else True)
        elif keyword in ("allOf", "anyOf", "oneOf"):
            each = [verdict(rules, i, kind, seen) for i in argument]
            found.append(_all(each) if keyword == "allOf" else _any(each) if keyword == "anyOf" else _one(each))
        elif keyword == "not":
            inner = verdict(rules, argument, kind, seen)
            found.append(None if inner is None else not inner)
        elif keyword == "if":
            branches = dict(keywords[position + 1:position + 3])
            then = verdict(rules, branches["then"], kind, seen) if "then" in branches else True
            otherwise = verdict(rules, branches["else"], kind, seen) if "else" in branches else True
            condition = verdict(rules, argument, kind, seen)
            found.append(then if condition is True else otherwise if condition is False
                         else then if then == otherwise else None)
        elif keyword in ("then", "else"):
            continue  # read with their if
        else:
            found.append(None)
    return _all(found)
