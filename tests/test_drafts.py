"""schemasmith.source.drafts names a schema's draft without jsonschema: it must agree with jsonschema and referencing."""

from __future__ import annotations

from typing import Any

import jsonschema.validators
import pytest
from referencing.jsonschema import UnknownDialect, specification_with

from schemasmith.source.drafts import DEFAULT_DRAFT, draft_of, draft_of_validator, names_a_draft

DIALECTS = [
    "http://json-schema.org/draft-03/schema#",
    "http://json-schema.org/draft-04/schema#",
    "http://json-schema.org/draft-04/schema",
    "http://json-schema.org/draft-06/schema#",
    "http://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2020-12/schema#",
    # Spellings outside the table: answered by asking jsonschema / referencing.
    "HTTP://json-schema.org/draft-07/schema#",
    "http://json-schema.org/draft-07/schema##",
    "https://json-schema.org/draft/next/schema",
    "http://json-schema.org/schema#",
    "https://example.com/my-dialect",
    "",
]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_draft_of_agrees_with_jsonschema(dialect: str) -> None:
    schema = {"$schema": dialect, "type": "object"}
    expected = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    assert draft_of(schema) == draft_of_validator(expected)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_names_a_draft_agrees_with_referencing(dialect: str) -> None:
    try:
        specification_with(dialect)
        known = True
    except UnknownDialect:
        known = False
    assert names_a_draft(dialect) is known


@pytest.mark.parametrize("schema", [{}, {"type": "string"}, True, False, [], {"$schema": 7}])
def test_no_usable_schema_keyword_means_2020_12(schema: Any) -> None:
    assert draft_of(schema) == DEFAULT_DRAFT


def test_each_validator_class_has_its_draft() -> None:
    names = {draft_of_validator(cls) for cls in (
        jsonschema.Draft3Validator, jsonschema.Draft4Validator, jsonschema.Draft6Validator,
        jsonschema.Draft7Validator, jsonschema.Draft201909Validator, jsonschema.Draft202012Validator)}
    assert names == {"draft3", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"}
