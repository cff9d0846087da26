"""Keywords where ``jsonschema`` (4.26) disagrees with the JSON-Schema-Test-Suite, done as the suite says.

``with_suite_keywords(cls, draft)`` is ``cls`` extended with the first three, and
``keep_false_schema_paths`` does the fourth:

- ``dependencies`` in 2019-09 and 2020-12 (the suite's optional dependencies-compatibility cases):
  the draft 7 keyword, which the later drafts split into ``dependentRequired`` and
  ``dependentSchemas`` and jsonschema ignores there;
- 2019-09 ``unevaluatedProperties``: jsonschema's (``_legacy_keywords``) counts as evaluated by an
  object-valued ``additionalProperties`` only the instance's properties whose names are keys *of
  that subschema*; here, as in its own 2020-12 code, every property the subschema accepts;
- draft 7 ``contentEncoding`` (base64) and ``contentMediaType`` (application/json) as assertions
  (the suite's optional content cases; draft 7 lets an implementation assert them, 2019-09 made
  them annotations only), which jsonschema does not check in any draft;
- a ``false`` subschema's error keeps where it is: jsonschema's ``descend`` returns it before
  adding the property or index, so ``{"properties": {"a": false}}`` reported ``{"a": 1}`` at ``""``
  instead of ``/a``.

Each departure is listed in the README's conformance notes.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator
from typing import Any

import jsonschema._legacy_keywords
import jsonschema.validators
from jsonschema import _utils
from jsonschema.exceptions import ValidationError
from referencing.jsonschema import lookup_recursive_ref

from ..patterns import search

FALSE_SCHEMA_KEYWORD = "false"


def with_suite_keywords(validator_class: type[Any], draft: str) -> type[Any]:
    overrides: dict[str, Any] = {}
    if draft in ("draft2019-09", "draft2020-12"):
        overrides["dependencies"] = jsonschema._legacy_keywords.dependencies_draft4_draft6_draft7
    if draft == "draft2019-09":
        overrides["unevaluatedProperties"] = unevaluated_properties_2019
    if draft == "draft7":
        overrides["contentEncoding"] = content_encoding
        overrides["contentMediaType"] = content_media_type
    extended: type[Any] = jsonschema.validators.extend(validator_class, overrides)
    return extended


def keep_false_schema_paths(validator_class: type[Any]) -> None:
    """Make ``validator_class``'s ``descend`` give a ``false`` subschema's error its path (in place:
    a class made by ``jsonschema.validators.extend`` has its own ``descend``, so this comes last)."""
    validator_class.descend = _false_schema_in_place(validator_class.descend)


def _false_schema_in_place(descend: Any) -> Any:
    def descend_keeping_path(
        self: Any, instance: Any, schema: Any, path: Any = None, schema_path: Any = None, resolver: Any = None
    ) -> Iterator[ValidationError]:
        if schema is False:
            error = ValidationError(
                f"False schema does not allow {instance!r}",
                validator=None, validator_value=None, instance=instance, schema=schema,
            )
            if path is not None:
                error.path.appendleft(path)
            if schema_path is not None:
                error.schema_path.appendleft(schema_path)
            yield error
            return
        yield from descend(self, instance, schema, path=path, schema_path=schema_path, resolver=resolver)

    return descend_keeping_path


# -- draft 7 content ---------------------------------------------------------------------------


def _base64_decoded(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None


def _is_json_media_type(media_type: Any) -> bool:
    return isinstance(media_type, str) and media_type.split(";")[0].strip().lower() == "application/json"


def content_encoding(validator: Any, encoding: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and isinstance(encoding, str) and encoding.lower() == "base64":
        if _base64_decoded(instance) is None:
            yield ValidationError(f"{instance!r} is not valid base64")


def content_media_type(validator: Any, media_type: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "string") or not _is_json_media_type(media_type):
        return
    text: str | bytes = instance
    encoding = schema.get("contentEncoding")
    if isinstance(encoding, str) and encoding.lower() == "base64":
        decoded = _base64_decoded(instance)
        if decoded is None:
            return  # contentEncoding reports it
        text = decoded
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        yield ValidationError(f"{instance!r} is not a valid {media_type} document")


# -- 2019-09 unevaluatedProperties -------------------------------------------------------------


def _valid(errors: Iterator[ValidationError]) -> bool:
    return next(errors, None) is None


def evaluated_property_names_2019(validator: Any, instance: Any, schema: Any) -> list[str]:
    """The instance's properties ``schema`` evaluates: jsonschema's 2019-09 walk (properties,
    additionalProperties, unevaluatedProperties, patternProperties, dependentSchemas, the
    combinators, if/then/else, $ref and $recursiveRef), with additionalProperties and
    unevaluatedProperties counting every property their subschema accepts."""
    if validator.is_type(schema, "boolean"):
        return []
    evaluated: list[str] = []
    for keyword in ("$ref", "$recursiveRef"):
        if keyword not in schema:
            continue
        resolved = (
            validator._resolver.lookup(schema["$ref"]) if keyword == "$ref" else lookup_recursive_ref(validator._resolver)
        )
        evaluated += evaluated_property_names_2019(
            validator.evolve(schema=resolved.contents, _resolver=resolved.resolver), instance, resolved.contents
        )
    properties = schema.get("properties")
    if validator.is_type(properties, "object"):
        evaluated += [name for name in instance if name in properties]
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in schema:
            subschema = schema[keyword]
            evaluated += [name for name, value in instance.items() if _valid(validator.descend(value, subschema))]
    for pattern in schema.get("patternProperties", {}):
        evaluated += [name for name in instance if search(pattern, name)]
    for name, subschema in schema.get("dependentSchemas", {}).items():
        if name in instance:
            evaluated += evaluated_property_names_2019(validator, instance, subschema)
    for keyword in ("allOf", "oneOf", "anyOf"):
        for subschema in schema.get(keyword, []):
            if _valid(validator.descend(instance, subschema)):
                evaluated += evaluated_property_names_2019(validator, instance, subschema)
    if "if" in schema:
        if validator.evolve(schema=schema["if"]).is_valid(instance):
            evaluated += evaluated_property_names_2019(validator, instance, schema["if"])
            if "then" in schema:
                evaluated += evaluated_property_names_2019(validator, instance, schema["then"])
        elif "else" in schema:
            evaluated += evaluated_property_names_2019(validator, instance, schema["else"])
    return evaluated


def unevaluated_properties_2019(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's ``unevaluatedProperties_draft2019``, on evaluated_property_names_2019."""
    if not validator.is_type(instance, "object"):
        return
    evaluated = set(evaluated_property_names_2019(validator, instance, schema))
    unevaluated = [
        name for name in instance
        if name not in evaluated and not _valid(validator.descend(instance[name], value, path=name, schema_path=name))
    ]
    if not unevaluated:
        return
    if value is False:
        yield ValidationError(
            "Unevaluated properties are not allowed (%s %s unexpected)" % _utils.extras_msg(sorted(unevaluated, key=str))
        )
    else:
        yield ValidationError(
            "Unevaluated properties are not valid under the given schema (%s %s unevaluated and invalid)"
            % _utils.extras_msg(unevaluated)
        )
