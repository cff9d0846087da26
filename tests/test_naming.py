"""Identifier policies: wire names in, target identifiers out, clashes refused."""

from __future__ import annotations

import pytest

from schemasmith.ir.identifiers import class_name
from schemasmith.targets import naming
from schemasmith.targets.python.naming import python_field_name
from schemasmith.targets.typescript.naming import typescript_field_name
from schemasmith.errors import SchemaSmithError


@pytest.mark.parametrize(
    ("wire", "python", "typescript"),
    [
        ("session_id", "session_id", "sessionId"),
        ("channelManagerSid", "channel_manager_sid", "channelManagerSid"),
        ("HTTPStatus", "http_status", "httpStatus"),
        ("is-test", "is_test", "isTest"),
        ("class", "class_", "class"),
        ("type", "type", "type"),
        ("match", "match", "match"),
        ("None", "none", "none"),
        ("True", "true", "true"),
        ("async", "async_", "async"),
        ("to_dict", "to_dict_", "toDict"),
        ("additional_properties", "additional_properties_", "additionalProperties_"),
        ("str", "str_", "str"),
        ("1st", "field_1st", "field1st"),
        ("", "field", "field"),
        ("dataclasses", "dataclasses_", "dataclasses"),
        ("$ref", "ref", "ref"),
        ("名前", "field", "field"),
    ],
)
def test_field_names(wire: str, python: str, typescript: str) -> None:
    assert python_field_name(wire) == python
    assert typescript_field_name(wire) == typescript
    assert python.isidentifier()


@pytest.mark.parametrize(
    ("name", "expected"), [("Session", "Session"), ("call_session", "CallSession"), ("2fa config", "Model2faConfig")]
)
def test_class_names(name: str, expected: str) -> None:
    assert class_name(name) == expected


def test_clash_is_resolved_deterministically_from_the_wire_names() -> None:
    items = [("minTokens", "/properties/minTokens"), ("min-tokens", "/properties/min-tokens"),
             ("env", "/properties/env"), ("env_", "/properties/env_")]
    assert naming.assign_unique(items, "python") == ["minTokens", "min_tokens", "env", "env_"]
    assert naming.assign_unique(items, "typescript") == ["minTokens", "min_x2d_tokens", "env", "env_"]


def test_unresolvable_clash_names_both_pointers() -> None:
    # "a_b" keeps its own name (it is the identifier); "a-b" then loses its spelled-out name to "a_x2d_b".
    # (Every rule is tested in tests/test_name_clashes.py.)
    items = [("a-b", "/p/a-b"), ("a_x2d_b", "/p/a_x2d_b"), ("a_b", "/p/a_b")]
    with pytest.raises(SchemaSmithError) as caught:
        naming.assign_unique(items, "python")
    assert "#/p/a_b and #/p/a-b both become the python name 'a_b'" in str(caught.value)


@pytest.mark.parametrize(
    ("items", "python", "typescript"),
    [
        # The fallback names themselves must be usable: never a keyword or a reserved name (a wire
        # name that already is a target's identifier keeps it: `class` in TypeScript)...
        (["class_", "class"], ["class_", "field_class"], ["class_", "class"]),
        (["str_", "str"], ["str_", "field_str"], ["str_", "str"]),
        (["constructor_", "constructor"], ["constructor_", "constructor"], ["constructor_", "field_constructor"]),
        # ...nor a name the Python class body reads (`Literal`, `Any`, `bytes`, a model's name)...
        (["literal", "Literal"], ["literal", "field_Literal"], ["literal", "Literal"]),
        (["any", "Any"], ["any", "field_Any"], ["any", "Any"]),
        (["bytes"], ["bytes_"], ["bytes"]),
        # ...nor a dunder, a runtime name or a name Python mangles (`__x` in a class is `_Model__x`)...
        (["init", "__init__"], ["init", "field__x5f__x5f_init_x5f__x5f_"], ["init", "__init__"]),
        (["dt", "_dt"], ["dt", "field__x5f_dt"], ["dt", "_dt"]),
        (["x", "__x"], ["x", "field__x5f__x5f_x"], ["x", "__x"]),
        # ...nor, in TypeScript, __proto__, which sets the prototype instead of a property.
        (["proto", "__proto__"], ["proto", "field__x5f__x5f_proto_x5f__x5f_"], ["proto", "field__x5f__x5f_proto_x5f__x5f_"]),
    ],
)
def test_fallback_identifiers_are_usable(items: list[str], python: list[str], typescript: list[str]) -> None:
    pairs = [(wire, f"/properties/{wire}") for wire in items]
    assert naming.assign_unique(pairs, "python") == python
    assert naming.assign_unique(pairs, "typescript") == typescript


@pytest.mark.parametrize(
    ("name", "module"),
    [("Session", "session"), ("con", "con_models"), ("lpt1", "lpt1_models"), ("LPT1", "lp_t1"), ("Json", "json_models"),
     ("typing", "typing_models"), ("", "models")],
)
def test_module_names_avoid_device_names_and_shadowing_what_the_code_imports(name: str, module: str) -> None:
    assert naming.snake_module_name(name) == module


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Index", "IndexModel"), ("INDEX", "INDEXModel"), ("con", "ConModel"), ("COM1", "COM1Model"), ("False", "FalseModel"),
     ("None", "NoneModel"), ("UNSET", "UNSETModel"), ("Type Alias", "TypeAliasModel"), ("Encoder", "EncoderModel"),
     ("Console", "Console")],
)
def test_model_names_that_generated_code_or_the_filesystem_reserve_get_a_suffix(title: str, expected: str) -> None:
    from schemasmith.ir.model_names import ModelNames

    assert ModelNames().claim(title, [], "/x", "schema.json") == expected
