"""Compile the applicator keywords no IR type carries (``not``, ``if``/``then``/``else``,
``contains``, ``propertyNames``, ``patternProperties``, ``dependentRequired``/``dependentSchemas``
and draft-7 ``dependencies``) into *rules*: a small, draft-free table of subschemas that the
loaders' rule interpreter (one in each target's runtime) runs on the raw value.

Why a table and not types: these keywords judge a value against a whole subschema (``not`` of an
object schema, a ``then`` that requires properties), which no type expresses; a rule is that
subschema read once, its ``$ref``s turned into indices (so recursion and sharing cost nothing),
every draft's spellings normalised (draft-4 exclusive bounds, array-form ``items``, draft-7
``dependencies``), and its patterns translated and classified like the typed checks' patterns.

A subschema holding something the interpreter cannot run exactly as the validator does (a format
the validator checks, an exponential or untranslatable pattern, draft 2019-09's ``unevaluated*``,
dynamic refs, a cycle of in-place applicators) makes the keyword that reached it unsupported: it
stays listed as unchecked, with the reason.

``unevaluatedProperties``/``unevaluatedItems`` (draft 2020-12) judge what the schema around them
evaluated, so a schema holding one is compiled whole (every keyword beside it, its in-place
subschemas) and the keyword comes last in its rule; the interpreter collects the evaluated names or
indices as the reference does (``properties``, ``patternProperties``, ``additionalProperties``,
``prefixItems``, ``items``, ``contains``, nested ``unevaluated*``, and through ``$ref``, ``allOf``,
the valid ``anyOf``/``oneOf`` branches, ``if``/``then``/``else`` and ``dependentSchemas``). Where a
schema is valid, every applicator it applies unconditionally holds too, so only the branches whose
outcome is chosen (``anyOf``, ``oneOf``, ``if``) are judged again while collecting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import SchemaSmithError
from ..format_names import FORMAT_NAMES_BY_DRAFT
from ..source.refs import Here
from .checks import pattern_of
from .nodes import (AliasRef, AnyType, ArrayType, Checks, EnumType, MapType, ModelRef, PrimitiveType, Rule, TupleType, Unchecked,
                    TypeRef, UnionType, assert_never, evolved)

# The keywords a typed schema's own rule takes (the type checks the others).
OWN_KEYWORDS = ("not", "if", "contains", "propertyNames", "patternProperties", "dependentRequired",
                "dependentSchemas", "dependencies", "format",
                # Beside a type these only narrow it (anyOf/oneOf beside properties, allOf's other
                # parts): the type reads one reading of them, the rule checks them whole.
                "anyOf", "oneOf", "allOf",
                # A property whose schema is false (it must be absent): its field takes any value.
                "properties")
# The formats the rule interpreters check exactly as validate/formats.py does (the others the
# validator checks leave their keyword unchecked).
RULE_FORMATS = frozenset({"date-time", "date", "time", "duration", "uuid", "json-pointer", "relative-json-pointer",
                          "uri", "uri-reference", "iri", "iri-reference", "uri-template", "email", "idn-email",
                          "ipv4", "ipv6"})
# The formats the validator checks that the loaders leave to it, and why.
LEFT_FORMATS = {
    "hostname": "an A-label (xn--) is checked against IDNA2008's tables, which the standard library lacks",
    "idn-hostname": "IDNA2008's tables, which the standard library lacks",
    "regex": "an ECMA-262 regular expression parser, which Python's standard library lacks",
}
# Formats a typed string holds in its type (checked while decoding, not by a rule).
TYPED_FORMATS = frozenset({"date-time", "date", "uuid"})
_DRAFTS = {"draft-03": 3, "draft-04": 4, "draft-06": 6, "draft-07": 7, "draft2019-09": 2019, "draft2020-12": 2020}
_UNSUPPORTED = ("$dynamicRef", "$recursiveRef")
UNEVALUATED = ("unevaluatedProperties", "unevaluatedItems")


class Unsupported(Exception):
    """A subschema the interpreter cannot run as the validator does; the message says why."""


def _draft(here: Here) -> int:
    return _DRAFTS.get(getattr(here.specification, "name", ""), 2020)


def _checked_formats(draft: int) -> frozenset[str]:
    key = {3: "draft3", 4: "draft4", 6: "draft6", 7: "draft7", 2019: "draft2019-09"}.get(draft, "draft2020-12")
    return FORMAT_NAMES_BY_DRAFT[key]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> int | None:
    if _is_number(value) and float(value).is_integer() and value >= 0:
        return int(value)
    return None


def checks_with_rule(checks: Checks | None, index: int | None) -> Checks | None:
    return checks if index is None else evolved(checks or Checks(), rule=index)


def with_rule(type_: TypeRef, index: int | None) -> TypeRef:
    """``type_`` with its checks naming rule ``index`` (a type that reads checks; else unchanged)."""
    if index is None:
        return type_
    match type_:
        case PrimitiveType() | ArrayType() | TupleType() | MapType() | ModelRef() | AliasRef():
            return evolved(type_, checks=checks_with_rule(type_.checks, index))
        case AnyType() | EnumType() | UnionType():
            return type_
        case _:
            assert_never(type_)


class RuleTable:
    """The rules of one IR, built as the IR builder meets applicator keywords."""

    def __init__(self, note: Callable[[list[Unchecked]], None]) -> None:
        self.note = note  # told what does not compile
        self.rules: list[Rule] = []
        self._index: dict[int, int] = {}  # id(schema) -> its rule
        self._keep_alive: list[Any] = []
        self._in_place: list[int] = []  # schemas entered without descending into the value
        self.ruled: set[tuple[str, str]] = set()  # (pointer, keyword) the rules check

    # --- entry point -----------------------------------------------------------------------

    def own_rule(self, schema: dict[str, Any], here: Here, whole: dict[str, Any] | None = None,
                 kind: str | None = None) -> int | None:
        """The rule for ``schema``'s own applicator keywords (those in OWN_KEYWORDS); None when
        no keyword compiled. Those that compiled are added to ``ruled`` (the validator's checks the
        loaders now run); the others are noted unchecked, with why. ``whole``: the schema as
        written, when ``schema`` is a model's part without its allOf (unevaluated* reads it all).
        ``kind``: the JSON type the value's IR type already checks, so allOf parts asserting only
        that are left out."""
        keywords: list[tuple[str, Any]] = []
        failed: list[Unchecked] = []
        unevaluated = [k for k in UNEVALUATED if k in schema]
        if unevaluated:
            # The keyword reads every keyword beside it: the schema compiled whole is the rule.
            mark = len(self.rules), dict(self._index)
            try:
                compiled = self.subschema(schema if whole is None else whole, here, True)
            except Unsupported as why:
                self._roll_back(mark)
                failed.extend(Unchecked(here.pointer, k, str(why)) for k in unevaluated)
            else:
                self.ruled.update((here.pointer, k) for k in (*unevaluated, *OWN_KEYWORDS) if k in schema)
                self.note(failed)
                return compiled
        for keyword in OWN_KEYWORDS:
            if keyword not in schema:
                continue
            mark = len(self.rules), dict(self._index)
            try:
                part = self._keyword_group(schema, keyword, here, _draft(here))
                if keyword == "allOf":
                    part = self._without_implied(part, kind)
            except Unsupported as why:
                self._roll_back(mark)
                failed.append(Unchecked(here.pointer, keyword, str(why)))
                continue
            keywords.extend(part)
            self.ruled.add((here.pointer, keyword))
        self.note(failed)
        if not keywords:
            return None
        self.rules.append(Rule(here.pointer, tuple(keywords)))
        return len(self.rules) - 1

    def _without_implied(self, part: list[tuple[str, Any]], kind: str | None) -> list[tuple[str, Any]]:
        """An allOf group without the parts the value's type already checks (a ``$ref`` beside
        ``type`` reads as allOf [target, type]: a rule re-checking both would be dead weight)."""
        kept = [(keyword, tuple(i for i in parts if not self._implied(i, kind))) for keyword, parts in part]
        return [(keyword, parts) for keyword, parts in kept if parts]

    def _implied(self, index: int, kind: str | None) -> bool:
        """Rule ``index`` accepts every value of the JSON type ``kind`` (None: every value)."""
        for keyword, argument in self.rules[index].keywords:
            if keyword == "type" and kind is not None:
                if kind not in argument and not (kind == "integer" and "number" in argument):
                    return False
            elif keyword == "allOf":
                if not all(i != index and self._implied(i, kind) for i in argument):
                    return False
            else:
                return False
        return True

    def whole_rule(self, schema: dict[str, Any], here: Here, keyword: str) -> int | None:
        """The rule of every keyword of ``schema`` (the siblings beside a ``$ref``), which are then
        all in ``ruled`` at ``here``; None when one does not compile (noted under ``keyword``)."""
        mark = len(self.rules), dict(self._index)
        try:
            index = self.subschema(schema, here, True)
        except Unsupported as why:
            self._roll_back(mark)
            self.note([Unchecked(here.pointer, keyword, str(why))])
            return None
        self.ruled.update((here.pointer, k) for k in (*schema, keyword))
        return index

    def all_of(self, indices: list[int | None], pointer: str) -> int | None:
        """One rule for several (a model's allOf parts each with their own), or None."""
        found = tuple(i for i in indices if i is not None)
        if len(found) <= 1:
            return found[0] if found else None
        self.rules.append(Rule(pointer, (("allOf", found),)))
        return len(self.rules) - 1

    def _roll_back(self, mark: tuple[int, dict[int, int]]) -> None:
        length, index = mark
        del self.rules[length:]
        self._index = index
        self._in_place.clear()

    # --- one subschema -------------------------------------------------------------------

    def subschema(self, schema: Any, here: Here, in_place: bool) -> int:
        """The rule index of a whole subschema. ``in_place``: reached without descending into the
        value (allOf, not, if...): meeting a schema again that way would loop forever."""
        if schema is True or schema == {}:
            return self._constant(True)
        if schema is False:
            return self._constant(False)
        if not isinstance(schema, dict):
            raise Unsupported(f"a subschema at {here.pointer or '/'} is not a schema")
        identity = id(schema)
        if identity in self._index:
            if in_place and identity in self._in_place:
                raise Unsupported(f"{here.pointer or '/'} applies itself to the same value")
            return self._index[identity]
        self._keep_alive.append(schema)
        # Reserve the slot first, so a $ref back to this schema (through a property) finds it.
        index = len(self.rules)
        self.rules.append(Rule(here.pointer, ()))
        self._index[identity] = index
        saved = self._in_place
        self._in_place = [*saved, identity] if in_place else [identity]
        try:
            keywords = self._compile(schema, here)
        finally:
            self._in_place = saved
        self.rules[index] = Rule(here.pointer, tuple(keywords))
        return index

    def _constant(self, accepts: bool) -> int:
        rule = Rule("", () if accepts else (("false", None),))
        if rule in self.rules:
            return self.rules.index(rule)
        self.rules.append(rule)
        return len(self.rules) - 1

    def _compile(self, schema: dict[str, Any], here: Here) -> list[tuple[str, Any]]:
        draft = _draft(here)
        if draft < 4:
            raise Unsupported("draft 3 schemas are left to the validator")
        for keyword in _UNSUPPORTED:
            if keyword in schema:
                raise Unsupported(f"{keyword} at {here.pointer or '/'}")
        for keyword in UNEVALUATED:
            if keyword in schema and draft < 2020:
                raise Unsupported(f"{keyword} at {here.pointer or '/'} in a draft 2019-09 schema (the reference reads it "
                                  "by that draft's own rules)")
        out: list[tuple[str, Any]] = []
        all_of: list[int] = []
        ref = schema.get("$ref")
        if isinstance(ref, str):
            try:
                target, there = here.resolve(ref)
            except SchemaSmithError as error:
                raise Unsupported(error.message if hasattr(error, "message") else str(error)) from None
            all_of.append(self.subschema(target, there, True))
            if draft <= 7:
                return [("allOf", tuple(all_of))]
        kind = schema.get("type")
        if isinstance(kind, str):
            out.append(("type", (kind,)))
        elif isinstance(kind, list):
            out.append(("type", tuple(k for k in kind if isinstance(k, str))))
        if isinstance(schema.get("enum"), list):
            out.append(("enum", tuple(schema["enum"])))
        if "const" in schema and draft >= 6:
            out.append(("const", schema["const"]))
        out.extend(self._numbers(schema, draft))
        out.extend(self._strings(schema, here, draft))
        out.extend(self._arrays(schema, here, draft))
        out.extend(self._objects(schema, here, draft))
        for keyword in ("allOf", "anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list):
                compiled = tuple(self.subschema(b, here.child(b, keyword, i), True) for i, b in enumerate(branches))
                if keyword == "allOf":
                    all_of.extend(compiled)
                else:
                    out.append((keyword, compiled))
        if all_of:
            out.insert(0, ("allOf", tuple(all_of)))
        for keyword in ("not", "if"):
            if keyword in schema and (keyword == "not" or draft >= 7):
                out.extend(self._keyword_group(schema, keyword, here, draft))
        if draft >= 2020 and "if" in schema and "then" not in schema and "else" not in schema:
            out.append(("if", self.subschema(schema["if"], here.child(schema["if"], "if"), True)))  # evaluates
        for keyword in UNEVALUATED:  # last: they read what every other keyword evaluated
            if keyword in schema:
                out.append((keyword, self._descend(schema[keyword], here, keyword)))
        return out

    def _keyword_group(self, schema: dict[str, Any], keyword: str, here: Here, draft: int) -> list[tuple[str, Any]]:
        """One applicator keyword with the keywords it reads beside it."""
        def sub(key: str, *tokens: object) -> int:
            value: Any = schema
            for token in (key, *tokens):
                value = value[token]
            return self.subschema(value, here.child(value, key, *tokens), True)

        if keyword == "not":
            return [("not", sub("not"))]
        if keyword == "if":
            if draft < 7:
                return []
            branches: list[tuple[str, Any]] = [("if", sub("if"))]
            branches += [(k, sub(k)) for k in ("then", "else") if k in schema]
            return branches if len(branches) > 1 else []  # an if alone asserts nothing
        if keyword == "contains":
            return self._contains(schema, here, draft)
        if keyword == "propertyNames":
            return [("propertyNames", self.subschema(schema["propertyNames"], here.child(schema["propertyNames"], "propertyNames"), False))] if draft >= 6 else []
        if keyword == "patternProperties":
            found: list[tuple[str, Any]] = [("patternProperties", self._pattern_properties(schema, here))]
            properties = schema.get("properties")
            names = tuple(properties) if isinstance(properties, dict) else ()
            extra = schema.get("additionalProperties", True)
            if extra is not True:
                found.append(("additionalProperties", (names, self._descend(extra, here, "additionalProperties"))))
            return found
        if keyword in ("dependentRequired", "dependentSchemas", "dependencies"):
            return self._dependencies(schema, keyword, here, draft)
        if keyword == "properties":
            properties = schema["properties"]
            forbidden = tuple(name for name, sub in properties.items() if sub is False) if isinstance(properties, dict) else ()
            return [("properties", tuple((name, self._constant(False)) for name in forbidden))] if forbidden else []
        if keyword in ("anyOf", "oneOf", "allOf"):
            branches = schema[keyword]
            if not isinstance(branches, list):
                return []
            return [(keyword, tuple(self.subschema(b, here.child(b, keyword, i), True) for i, b in enumerate(branches)))]
        if keyword == "format":
            # On a typed schema: only a string's format asserts, and the type holds some itself.
            typed = schema.get("type") == "string" and schema.get("format") not in TYPED_FORMATS
            return self._format(schema, here, draft) if typed else []
        raise AssertionError(keyword)

    def _descend(self, schema: Any, here: Here, *tokens: object) -> int:
        return self.subschema(schema, here.child(schema, *tokens), False)

    # --- keyword families ----------------------------------------------------------------

    @staticmethod
    def _numbers(schema: dict[str, Any], draft: int) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if draft == 4:
            if _is_number(minimum):
                out.append(("exclusiveMinimum" if low is True else "minimum", minimum))
            if _is_number(maximum):
                out.append(("exclusiveMaximum" if high is True else "maximum", maximum))
        else:
            for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if _is_number(schema.get(keyword)):
                    out.append((keyword, schema[keyword]))
        multiple: Any = schema.get("multipleOf")
        if _is_number(multiple) and multiple > 0:
            out.append(("multipleOf", multiple))
        return out

    def _strings(self, schema: dict[str, Any], here: Here, draft: int) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for keyword in ("minLength", "maxLength"):
            count = _count(schema.get(keyword))
            if count is not None:
                out.append((keyword, count))
        if isinstance(schema.get("pattern"), str):
            out.append(("pattern", self._pattern(schema["pattern"], here)))
        out.extend(self._format(schema, here, draft))
        return out

    @staticmethod
    def _format(schema: dict[str, Any], here: Here, draft: int) -> list[tuple[str, Any]]:
        fmt = schema.get("format")
        if not isinstance(fmt, str) or fmt not in _checked_formats(draft):
            return []  # not a format of this draft: the validator ignores it
        if fmt not in RULE_FORMATS:
            why = LEFT_FORMATS.get(fmt, "not checked by the loaders")
            raise Unsupported(f"format {fmt!r} at {here.pointer or '/'}: {why}")
        return [("format", fmt)]

    @staticmethod
    def _pattern(source: str, here: Here) -> Any:
        compiled = pattern_of(source)
        if compiled.python is None or compiled.max_length == 0:
            raise Unsupported(f"pattern at {here.pointer or '/'}: {compiled.why}")
        return compiled

    def _arrays(self, schema: dict[str, Any], here: Here, draft: int) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        items = schema.get("items")
        prefix_key = "prefixItems" if draft >= 2020 else "items"
        prefix = schema.get("prefixItems") if draft >= 2020 else (items if isinstance(items, list) else None)
        rest_key = "items" if draft >= 2020 else "additionalItems"
        rest = schema.get(rest_key) if isinstance(prefix, list) or draft >= 2020 else items
        if isinstance(prefix, list):
            out.append(("prefixItems", tuple(self._descend(s, here, prefix_key, i) for i, s in enumerate(prefix))))
        if rest is not None and (rest is not True or draft >= 2020) and not isinstance(rest, list):
            # items: true asserts nothing, but evaluates every item for unevaluatedItems.
            out.append(("items", self._descend(rest, here, rest_key if isinstance(prefix, list) or draft >= 2020 else "items")))
        for keyword in ("minItems", "maxItems"):
            count = _count(schema.get(keyword))
            if count is not None:
                out.append((keyword, count))
        if schema.get("uniqueItems") is True:
            out.append(("uniqueItems", True))
        if "contains" in schema:
            out.extend(self._contains(schema, here, draft))
        return out

    def _contains(self, schema: dict[str, Any], here: Here, draft: int) -> list[tuple[str, Any]]:
        if draft < 6:
            return []
        low = _count(schema.get("minContains")) if draft >= 2019 else None
        high = _count(schema.get("maxContains")) if draft >= 2019 else None
        return [("contains", (self._descend(schema["contains"], here, "contains"), 1 if low is None else low, high))]

    def _objects(self, schema: dict[str, Any], here: Here, draft: int) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        properties = schema.get("properties")
        names: tuple[str, ...] = ()
        if isinstance(properties, dict):
            names = tuple(properties)
            out.append(("properties", tuple((n, self._descend(s, here, "properties", n)) for n, s in properties.items())))
        if isinstance(schema.get("patternProperties"), dict):
            out.append(("patternProperties", self._pattern_properties(schema, here)))
        extra = schema.get("additionalProperties", True)
        if extra is not True or "additionalProperties" in schema and draft >= 2020:
            # additionalProperties: true evaluates every property for unevaluatedProperties.
            out.append(("additionalProperties", (names, self._descend(extra, here, "additionalProperties"))))
        required = schema.get("required")
        if isinstance(required, list) and draft >= 4:
            out.append(("required", tuple(n for n in required if isinstance(n, str))))
        for keyword in ("minProperties", "maxProperties"):
            count = _count(schema.get(keyword))
            if count is not None:
                out.append((keyword, count))
        if "propertyNames" in schema and draft >= 6:
            out.append(("propertyNames", self._descend(schema["propertyNames"], here, "propertyNames")))
        for keyword in ("dependentRequired", "dependentSchemas", "dependencies"):
            if keyword in schema:
                out.extend(self._dependencies(schema, keyword, here, draft))
        return out

    def _pattern_properties(self, schema: dict[str, Any], here: Here) -> tuple[tuple[Any, int], ...]:
        patterns = schema.get("patternProperties")
        if not isinstance(patterns, dict):
            return ()
        return tuple((self._pattern(source, here.child(sub, "patternProperties", source)),
                      self._descend(sub, here, "patternProperties", source)) for source, sub in patterns.items())

    def _dependencies(self, schema: dict[str, Any], keyword: str, here: Here, draft: int) -> list[tuple[str, Any]]:
        value = schema.get(keyword)
        if not isinstance(value, dict):
            return []
        if keyword == "dependencies" and draft >= 2019 or keyword != "dependencies" and draft < 2019:
            return []  # not a keyword of this draft: the validator ignores it
        names: list[tuple[str, tuple[str, ...]]] = []
        schemas: list[tuple[str, int]] = []
        for name, dependency in value.items():
            if isinstance(dependency, list) and keyword != "dependentSchemas":
                names.append((name, tuple(d for d in dependency if isinstance(d, str))))
            elif keyword != "dependentRequired":
                schemas.append((name, self.subschema(dependency, here.child(dependency, keyword, name), True)))
        out: list[tuple[str, Any]] = []
        if names:
            out.append(("dependentRequired", tuple(names)))
        if schemas:
            out.append(("dependentSchemas", tuple(schemas)))
        return out
