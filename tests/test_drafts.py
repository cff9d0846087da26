"""schemasmith.source.drafts names a schema's draft without jsonschema: it must agree with jsonschema and referencing."""

from __future__ import annotations

from typing import Any

import jsonschema.validators
import pytest
from referencing.jsonschema import UnknownDialect, specification_with

from schemasmith.source.drafts import (
    DEFAULT_DRAFT,
    canonical_dialect,
    draft_of,
    draft_of_validator,
    names_a_draft,
    with_canonical_dialect,
)

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


# Spellings real files use that jsonschema and referencing do not know: each draft's URI with the
# other scheme, with or without the empty fragment, and the retired "latest" URI (read as draft 7).
SPELLINGS = {
    "http://json-schema.org/draft/2019-09/schema#": "draft2019-09",
    "http://json-schema.org/draft/2019-09/schema": "draft2019-09",
    "https://json-schema.org/draft/2019-09/schema#": "draft2019-09",
    "http://json-schema.org/draft/2020-12/schema": "draft2020-12",
    "http://json-schema.org/draft/2020-12/schema#": "draft2020-12",
    "https://json-schema.org/draft-07/schema": "draft7",
    "https://json-schema.org/draft-07/schema#": "draft7",
    "https://json-schema.org/draft-06/schema#": "draft6",
    "https://json-schema.org/draft-04/schema": "draft4",
    "http://json-schema.org/schema#": "draft7",
    "http://json-schema.org/schema": "draft7",
    "https://json-schema.org/schema": "draft7",
}


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if d not in SPELLINGS])
def test_draft_of_agrees_with_jsonschema(dialect: str) -> None:
    schema = {"$schema": dialect, "type": "object"}
    expected = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    assert draft_of(schema) == draft_of_validator(expected)


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if d not in SPELLINGS])
def test_names_a_draft_agrees_with_referencing(dialect: str) -> None:
    try:
        specification_with(dialect)
        known = True
    except UnknownDialect:
        known = False
    assert names_a_draft(dialect) is known


@pytest.mark.parametrize("dialect, draft", sorted(SPELLINGS.items()))
def test_spellings_name_their_draft(dialect: str, draft: str) -> None:
    assert names_a_draft(dialect)
    assert draft_of({"$schema": dialect}) == draft
    # The rewritten spelling is one jsonschema and referencing know, as the same draft.
    canonical = with_canonical_dialect({"$schema": dialect, "type": "object"})
    assert canonical["type"] == "object"
    specification_with(canonical["$schema"])
    found = jsonschema.validators.validator_for(canonical, default=None)
    assert found is not None and draft_of_validator(found) == draft


@pytest.mark.parametrize("dialect", [
    "https://example.com/my-dialect", "http://json-schema.org/draft-05/schema#",
    "https://json-schema.org/draft/2021-01/schema", "http://json-schema.org/draft-07/schema#x", "",
])
def test_what_no_draft_defines_stays_unknown(dialect: str) -> None:
    assert canonical_dialect(dialect) is None
    assert not names_a_draft(dialect)
    schema = {"$schema": dialect}
    assert with_canonical_dialect(schema) is schema


def test_canonical_spelling_leaves_the_schema_alone() -> None:
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "type": "string"}
    assert with_canonical_dialect(schema) is schema


@pytest.mark.parametrize("schema", [{}, {"type": "string"}, True, False, [], {"$schema": 7}])
def test_no_usable_schema_keyword_means_2020_12(schema: Any) -> None:
    assert draft_of(schema) == DEFAULT_DRAFT


def test_each_validator_class_has_its_draft() -> None:
    names = {draft_of_validator(cls) for cls in (
        jsonschema.Draft3Validator, jsonschema.Draft4Validator, jsonschema.Draft6Validator,
        jsonschema.Draft7Validator, jsonschema.Draft201909Validator, jsonschema.Draft202012Validator)}
    assert names == {"draft3", "draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"}
