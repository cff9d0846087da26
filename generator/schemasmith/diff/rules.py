"""The catalogue of diff rules: every finding names one, and doc/diff-rules.md is written from it.

Each rule says what changed, its usual effect in each direction (a few depend on the schemas around
the change, and say so), and carries an example pair (OLD, NEW) that produces exactly that finding.
``inverse`` names the rule the same pair gives read the other way (NEW -> OLD). tests/diff/
runs every example both ways and checks the effects against the schemas' instances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .findings import ANNOTATION, BREAKING, CODEGEN, COMPATIBLE, WARNING, WIRE

B, C, W = BREAKING, COMPATIBLE, WARNING


@dataclass(frozen=True)
class Rule:
    name: str
    category: str
    backward: str
    forward: str
    summary: str
    old: Any
    new: Any
    inverse: str
    kind: str = WIRE
    depends: str = ""  # when the effect depends on the schemas around the change: on what


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


_RULES: list[Rule] = []


def _rule(name: str, category: str, backward: str, forward: str, summary: str, old: Any, new: Any,
          inverse: str, kind: str = WIRE, depends: str = "") -> None:
    _RULES.append(Rule(name, category, backward, forward, summary, old, new, inverse, kind, depends))


def _pair(stem: str, tighter: str, looser: str, category: str, summary_t: str, summary_l: str,
          old: Any, new: Any) -> None:
    """A narrowing rule and its widening inverse (the same example read the other way)."""
    _rule(f"{stem}_{tighter}", category, B, C, summary_t, old, new, f"{stem}_{looser}")
    _rule(f"{stem}_{looser}", category, C, B, summary_l, new, old, f"{stem}_{tighter}")


# --- types ---------------------------------------------------------------------------------
_rule("TYPE_NARROWED", "types", B, C, "A JSON type is no longer accepted (`integer` narrows `number`).",
      {"type": ["string", "number"]}, {"type": "string"}, "TYPE_WIDENED")
_rule("TYPE_WIDENED", "types", C, B, "A JSON type is accepted that was not (`number` widens `integer`).",
      {"type": "integer"}, {"type": "number"}, "TYPE_NARROWED")
_rule("TYPE_CHANGED", "types", B, B, "Types were both removed and added.",
      {"type": "string"}, {"type": "boolean"}, "TYPE_CHANGED")
_rule("NULLABLE_ADDED", "types", C, B, "`null` became valid (a `null` type, branch, or OpenAPI `nullable`).",
      {"type": "string"}, {"type": ["string", "null"]}, "NULLABLE_REMOVED")
_rule("NULLABLE_REMOVED", "types", B, C, "`null` is no longer valid.",
      {"anyOf": [{"type": "string"}, {"type": "null"}]}, {"type": "string"}, "NULLABLE_ADDED")
_rule("SCHEMA_BECAME_FALSE", "types", B, C, "A location that accepted values now accepts none (`false`).",
      {"type": "array", "items": {"type": "string"}}, {"type": "array", "items": False}, "SCHEMA_NO_LONGER_FALSE")
_rule("SCHEMA_NO_LONGER_FALSE", "types", C, B, "A location that accepted no value (`false`) now accepts some.",
      {"type": "array", "items": False}, {"type": "array", "items": {"type": "string"}}, "SCHEMA_BECAME_FALSE")

# --- enum / const ----------------------------------------------------------------------------
_rule("ENUM_VALUE_ADDED", "enum", C, B, "A value was added to an `enum` (or `const`).",
      {"enum": ["a", "b"]}, {"enum": ["a", "b", "c"]}, "ENUM_VALUE_REMOVED")
_rule("ENUM_VALUE_REMOVED", "enum", B, C, "A value was removed from an `enum` (or `const`).",
      {"enum": ["a", "b", "c"]}, {"enum": ["a", "b"]}, "ENUM_VALUE_ADDED")
_rule("ENUM_ADDED", "enum", B, C, "An `enum` (or `const`) now limits the values of a type.",
      {"type": "string"}, {"type": "string", "enum": ["a", "b"]}, "ENUM_REMOVED")
_rule("ENUM_REMOVED", "enum", C, B, "An `enum` (or `const`) no longer limits the values of a type.",
      {"type": "string", "enum": ["a", "b"]}, {"type": "string"}, "ENUM_ADDED")

# --- bounds --------------------------------------------------------------------------------
_pair("MINIMUM", "TIGHTENED", "LOOSENED", "bounds", "`minimum`/`exclusiveMinimum` raised or added.",
      "`minimum`/`exclusiveMinimum` lowered or removed.", {"type": "number", "minimum": 0}, {"type": "number", "minimum": 1})
_pair("MAXIMUM", "TIGHTENED", "LOOSENED", "bounds", "`maximum`/`exclusiveMaximum` lowered or added.",
      "`maximum`/`exclusiveMaximum` raised or removed.", {"type": "number", "maximum": 10},
      {"type": "number", "exclusiveMaximum": 10})
_pair("MULTIPLE_OF", "TIGHTENED", "LOOSENED", "bounds", "`multipleOf` became a multiple of the old one, or was added.",
      "`multipleOf` became a divisor of the old one, or was removed.", {"type": "integer", "multipleOf": 2},
      {"type": "integer", "multipleOf": 4})
_rule("MULTIPLE_OF_CHANGED", "bounds", B, B, "`multipleOf` changed to a value neither divides.",
      {"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}, "MULTIPLE_OF_CHANGED")
_pair("MIN_LENGTH", "TIGHTENED", "LOOSENED", "bounds", "`minLength` raised or added.", "`minLength` lowered or removed.",
      {"type": "string"}, {"type": "string", "minLength": 1})
_pair("MAX_LENGTH", "TIGHTENED", "LOOSENED", "bounds", "`maxLength` lowered or added.", "`maxLength` raised or removed.",
      {"type": "string", "maxLength": 64}, {"type": "string", "maxLength": 32})
_pair("MIN_ITEMS", "TIGHTENED", "LOOSENED", "bounds", "`minItems` raised or added.", "`minItems` lowered or removed.",
      {"type": "array", "minItems": 1}, {"type": "array", "minItems": 2})
_pair("MAX_ITEMS", "TIGHTENED", "LOOSENED", "bounds", "`maxItems` lowered or added.", "`maxItems` raised or removed.",
      {"type": "array"}, {"type": "array", "maxItems": 5})
_pair("MIN_PROPERTIES", "TIGHTENED", "LOOSENED", "bounds", "`minProperties` raised or added.",
      "`minProperties` lowered or removed.", {"type": "object"}, {"type": "object", "minProperties": 1})
_pair("MAX_PROPERTIES", "TIGHTENED", "LOOSENED", "bounds", "`maxProperties` lowered or added.",
      "`maxProperties` raised or removed.", {"type": "object", "maxProperties": 9}, {"type": "object", "maxProperties": 3})

# --- strings -------------------------------------------------------------------------------
_rule("PATTERN_ADDED", "strings", B, C, "A `pattern` now constrains a string.",
      {"type": "string"}, {"type": "string", "pattern": "^[a-z]+$"}, "PATTERN_REMOVED")
_rule("PATTERN_REMOVED", "strings", C, B, "A `pattern` no longer constrains a string.",
      {"type": "string", "pattern": "^[a-z]+$"}, {"type": "string"}, "PATTERN_ADDED")
_rule("PATTERN_CHANGED", "strings", B, B, "A `pattern` was replaced (regular-expression inclusion is not decided).",
      {"type": "string", "pattern": "^[a-z]+$"}, {"type": "string", "pattern": "^[a-z0-9]+$"}, "PATTERN_CHANGED")
_rule("FORMAT_ADDED", "strings", B, C, "A `format` now constrains a string (formats are asserted).",
      {"type": "string"}, {"type": "string", "format": "date-time"}, "FORMAT_REMOVED")
_rule("FORMAT_REMOVED", "strings", C, B, "A `format` no longer constrains a string.",
      {"type": "string", "format": "date-time"}, {"type": "string"}, "FORMAT_ADDED")
_rule("FORMAT_CHANGED", "strings", B, B, "A `format` was replaced by another.",
      {"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, "FORMAT_CHANGED")

# --- arrays --------------------------------------------------------------------------------
_rule("UNIQUE_ITEMS_ADDED", "arrays", B, C, "`uniqueItems: true` was added.",
      {"type": "array"}, {"type": "array", "uniqueItems": True}, "UNIQUE_ITEMS_REMOVED")
_rule("UNIQUE_ITEMS_REMOVED", "arrays", C, B, "`uniqueItems: true` was removed.",
      {"type": "array", "uniqueItems": True}, {"type": "array"}, "UNIQUE_ITEMS_ADDED")
_rule("CONTAINS_ADDED", "arrays", B, C, "A `contains` now requires a matching item.",
      {"type": "array"}, {"type": "array", "contains": {"type": "string"}}, "CONTAINS_REMOVED")
_rule("CONTAINS_REMOVED", "arrays", C, B, "A `contains` no longer requires a matching item.",
      {"type": "array", "contains": {"type": "string"}}, {"type": "array"}, "CONTAINS_ADDED")

# --- objects -------------------------------------------------------------------------------
_rule("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "objects", W, C,
      "A typed property was declared in a model that allows other properties: old data that used the name "
      "with another type is refused. A warning (fails only with `--strict`).",
      _obj(a={"type": "string"}), _obj(a={"type": "string"}, b={"type": "integer"}),
      "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL")
_rule("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "objects", C, W,
      "A property was removed from a model that allows other properties: new data may use the name with "
      "any value, which old readers check against the old type. A warning.",
      _obj(a={"type": "string"}, b={"type": "integer"}), _obj(a={"type": "string"}),
      "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL")
_rule("PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL", "objects", C, B,
      "A property was added to a model with `additionalProperties: false`: old readers refuse it.",
      {**_obj(a={"type": "string"}), "additionalProperties": False},
      {**_obj(a={"type": "string"}, b={"type": "integer"}), "additionalProperties": False},
      "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL")
_rule("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "objects", B, C,
      "A property was removed from a closed model: old data that has it is refused.",
      {**_obj(a={"type": "string"}, b={"type": "integer"}), "additionalProperties": False},
      {**_obj(a={"type": "string"}), "additionalProperties": False},
      "PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL")
_rule("PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL", "objects", B, C,
      "A property was declared where `additionalProperties` gave a schema: the effect is the comparison of "
      "that schema with the property's.",
      {"type": "object", "additionalProperties": {"type": "string"}},
      {"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}, "additionalProperties": {"type": "string"}},
      "PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL", depends="the property's and additionalProperties' schemas")
_rule("PROPERTY_REMOVED_FROM_PARTIALLY_OPEN_CONTENT_MODEL", "objects", C, B,
      "A property was removed where `additionalProperties` gives a schema: its values now follow that schema.",
      {"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}}, "additionalProperties": {"type": "string"}},
      {"type": "object", "additionalProperties": {"type": "string"}},
      "PROPERTY_ADDED_TO_PARTIALLY_OPEN_CONTENT_MODEL", depends="the property's and additionalProperties' schemas")
_rule("REQUIRED_ADDED", "objects", B, C, "A declared property became required.",
      _obj(a={"type": "string"}), {**_obj(a={"type": "string"}), "required": ["a"]}, "REQUIRED_REMOVED")
_rule("REQUIRED_REMOVED", "objects", C, B, "A property is no longer required.",
      {**_obj(a={"type": "string"}), "required": ["a"]}, _obj(a={"type": "string"}), "REQUIRED_ADDED")
_rule("REQUIRED_PROPERTY_ADDED", "objects", B, C, "A new property was added as required.",
      _obj(a={"type": "string"}), {**_obj(a={"type": "string"}, b={"type": "string"}), "required": ["b"]},
      "REQUIRED_PROPERTY_REMOVED", depends="forward also breaks in a closed model")
_rule("REQUIRED_PROPERTY_REMOVED", "objects", C, B, "A required property was removed.",
      {**_obj(a={"type": "string"}, b={"type": "string"}), "required": ["b"]}, _obj(a={"type": "string"}),
      "REQUIRED_PROPERTY_ADDED", depends="backward also breaks in a closed model")
_rule("CONTENT_MODEL_CLOSED", "objects", B, C, "Undeclared properties are no longer allowed (`additionalProperties: false`).",
      _obj(a={"type": "string"}), {**_obj(a={"type": "string"}), "additionalProperties": False}, "CONTENT_MODEL_OPENED")
_rule("CONTENT_MODEL_OPENED", "objects", C, B, "Undeclared properties are now allowed.",
      {**_obj(a={"type": "string"}), "additionalProperties": False}, _obj(a={"type": "string"}), "CONTENT_MODEL_CLOSED")
_rule("PATTERN_PROPERTY_ADDED", "objects", B, C, "A `patternProperties` entry now constrains matching names.",
      {"type": "object"}, {"type": "object", "patternProperties": {"^x-": {"type": "string"}}},
      "PATTERN_PROPERTY_REMOVED", depends="forward breaks when undeclared names were not free")
_rule("PATTERN_PROPERTY_REMOVED", "objects", C, B, "A `patternProperties` entry was removed.",
      {"type": "object", "patternProperties": {"^x-": {"type": "string"}}}, {"type": "object"},
      "PATTERN_PROPERTY_ADDED", depends="backward breaks when undeclared names are not free")
_rule("DEPENDENT_REQUIRED_ADDED", "objects", B, C, "A property now requires others (`dependentRequired`/`dependencies`).",
      {"type": "object"}, {"type": "object", "dependentRequired": {"a": ["b"]}}, "DEPENDENT_REQUIRED_REMOVED")
_rule("DEPENDENT_REQUIRED_REMOVED", "objects", C, B, "A property no longer requires others.",
      {"type": "object", "dependentRequired": {"a": ["b"]}}, {"type": "object"}, "DEPENDENT_REQUIRED_ADDED")

# --- unions and combinators ------------------------------------------------------------------
_rule("UNION_BRANCH_ADDED", "unions", C, B, "An `anyOf`/`oneOf` branch of an already present JSON type was added.",
      {"anyOf": [{"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]}]},
      {"anyOf": [{"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]},
                 {"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]}]},
      "UNION_BRANCH_REMOVED", depends="backward breaks too in a `oneOf` whose branches may overlap")
_rule("UNION_BRANCH_REMOVED", "unions", B, C, "An `anyOf`/`oneOf` branch was removed.",
      {"anyOf": [{"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]},
                 {"type": "object", "properties": {"kind": {"const": "b"}}, "required": ["kind"]}]},
      {"anyOf": [{"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]}]},
      "UNION_BRANCH_ADDED", depends="forward breaks too in a `oneOf` whose branches may overlap")
_rule("NOT_ADDED", "combinators", B, C, "A `not` now excludes values.",
      {"type": "string"}, {"type": "string", "not": {"enum": ["x"]}}, "NOT_REMOVED")
_rule("NOT_REMOVED", "combinators", C, B, "A `not` no longer excludes values.",
      {"type": "string", "not": {"enum": ["x"]}}, {"type": "string"}, "NOT_ADDED")
_rule("CONDITIONAL_ADDED", "combinators", B, C, "An `if`/`then`/`else` now constrains values.",
      {"type": "object"}, {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}}, "CONDITIONAL_REMOVED")
_rule("CONDITIONAL_REMOVED", "combinators", C, B, "An `if`/`then`/`else` no longer constrains values.",
      {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}}, {"type": "object"}, "CONDITIONAL_ADDED")
_rule("CONDITIONAL_CHANGED", "combinators", B, B, "An `if` condition changed (its effect is not decided).",
      {"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}},
      {"type": "object", "if": {"required": ["c"]}, "then": {"required": ["b"]}}, "CONDITIONAL_CHANGED")
_rule("UNSUPPORTED_KEYWORD_CHANGED", "combinators", B, B,
      "An assertion the diff does not reason about (`unevaluatedProperties`, `minContains`, …) changed: "
      "both directions are assumed to break.",
      {"type": "object", "unevaluatedProperties": False}, {"type": "object", "unevaluatedProperties": {"type": "string"}},
      "UNSUPPORTED_KEYWORD_CHANGED")

# --- annotations ---------------------------------------------------------------------------
_rule("TITLE_CHANGED", "annotations", C, C, "A `title` changed (see MODEL_RENAMED for the generated code).",
      {"type": "string", "title": "Name"}, {"type": "string", "title": "Full name"}, "TITLE_CHANGED", kind=ANNOTATION)
_rule("DESCRIPTION_CHANGED", "annotations", C, C, "A `description` changed.",
      {"type": "string", "description": "The name."}, {"type": "string", "description": "The full name."},
      "DESCRIPTION_CHANGED", kind=ANNOTATION)
_rule("ANNOTATION_CHANGED", "annotations", C, C,
      "Another annotation changed (`examples`, `default`, `deprecated`, `$comment`, `readOnly`, vendor `x-` keys…).",
      {"type": "string", "examples": ["a"]}, {"type": "string", "examples": ["b"]}, "ANNOTATION_CHANGED", kind=ANNOTATION)

# --- OpenAPI components ------------------------------------------------------------------------
_OPENAPI_OLD = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": {"A": {"type": "object", "properties": {"a": {"type": "string"}}}}}}
_OPENAPI_NEW = {**_OPENAPI_OLD, "components": {"schemas": {
    "A": {"type": "object", "properties": {"a": {"type": "string"}}},
    "B": {"type": "object", "properties": {"b": {"type": "string"}}}}}}
_rule("COMPONENT_ADDED", "openapi", C, C, "An OpenAPI component schema was added (a new model).",
      _OPENAPI_OLD, _OPENAPI_NEW, "COMPONENT_REMOVED")
_rule("COMPONENT_REMOVED", "openapi", C, C,
      "An OpenAPI component schema was removed: its generated model disappears (source-breaking).",
      _OPENAPI_NEW, _OPENAPI_OLD, "COMPONENT_ADDED", kind=CODEGEN)

# --- generated code -----------------------------------------------------------------------------
_rule("MODEL_RENAMED", "generated code", C, C,
      "A model's generated class/type name changed (Python and TypeScript), e.g. because its `title` changed.",
      {"title": "Customer", "type": "object", "properties": {"a": {"type": "string"}}},
      {"title": "Client", "type": "object", "properties": {"a": {"type": "string"}}}, "MODEL_RENAMED", kind=CODEGEN)
_rule("FIELD_RENAMED", "generated code", C, C,
      "A field's generated identifier changed while its wire name did not (a new name took its spelling).",
      _obj(**{"min-tokens": {"type": "integer"}}), _obj(**{"min_tokens": {}, "min-tokens": {"type": "integer"}}),
      "FIELD_RENAMED", kind=CODEGEN)
_rule("FIELD_BECAME_REQUIRED", "generated code", C, C,
      "A generated field became required (constructors and literals must now give it).",
      _obj(a={"type": "string"}), {**_obj(a={"type": "string"}), "required": ["a"]},
      "FIELD_BECAME_OPTIONAL", kind=CODEGEN)
_rule("FIELD_BECAME_OPTIONAL", "generated code", C, C,
      "A generated field became optional (its type now admits Unset/undefined).",
      {**_obj(a={"type": "string"}), "required": ["a"]}, _obj(a={"type": "string"}),
      "FIELD_BECAME_REQUIRED", kind=CODEGEN)
_rule("FIELD_TYPE_BECAME_UNION", "generated code", C, C,
      "A generated field's type became a union (code that used the one type must now narrow it).",
      _obj(a={"type": "string"}), _obj(a={"type": ["string", "integer"]}),
      "FIELD_TYPE_NO_LONGER_UNION", kind=CODEGEN)
_rule("FIELD_TYPE_NO_LONGER_UNION", "generated code", C, C,
      "A generated field's type stopped being a union.",
      _obj(a={"type": ["string", "integer"]}), _obj(a={"type": "string"}),
      "FIELD_TYPE_BECAME_UNION", kind=CODEGEN)
_rule("FIELD_TYPE_CHANGED", "generated code", C, C,
      "A generated field's type annotation changed otherwise (e.g. a `$ref` to another model, a date-time format).",
      {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}},
       "$defs": {"A": _obj(a={"type": "string"}), "B": _obj(b={"type": "string"})}},
      {"type": "object", "properties": {"a": {"$ref": "#/$defs/B"}},
       "$defs": {"A": _obj(a={"type": "string"}), "B": _obj(b={"type": "string"})}},
      "FIELD_TYPE_CHANGED", kind=CODEGEN)

RULES: dict[str, Rule] = {rule.name: rule for rule in _RULES}
