"""Issue records: the JSON text --format json writes is exactly json.dumps of the record."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from schemasmith.validate import Validator
from schemasmith.validate.issues import MESSAGE_LIMIT, Issue
from schemasmith.validate.messages import value_repr

# Any str a file name (surrogate-escaped bytes), a pointer or a message can hold.
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    file=ANY_TEXT,
    line=st.one_of(st.none(), st.integers(0, 10**12)),
    pointer=ANY_TEXT,
    message=ANY_TEXT,
    keyword=st.one_of(st.none(), ANY_TEXT),
    best_match=st.one_of(st.none(), st.tuples(ANY_TEXT, ANY_TEXT, st.one_of(st.none(), ANY_TEXT))),
)
def test_to_json_is_json_dumps_of_the_record(
    file: str, line: int | None, pointer: str, message: str, keyword: str | None,
    best_match: tuple[str, str, str | None] | None,
) -> None:
    issue = Issue(file, line, pointer, message, keyword, best_match)
    assert issue.to_json() == json.dumps(issue.to_record())
    # The record's first five fields are always these; best_match only follows when there is one.
    assert list(issue.to_record())[:5] == ["file", "line", "pointer", "message", "keyword"]
    assert ("best_match" in issue.to_record()) == (best_match is not None)


def test_to_json_escapes_what_json_dumps_escapes() -> None:
    issue = Issue("logs/\udcff.ndjson", None, "/a\u2028b", 'quote " backslash \\ é \x00 \ud800', None)
    text = issue.to_json()
    assert text.isascii() and "\n" not in text
    assert json.loads(text) == issue.to_record()


QUOTES_AND_ESCAPES = st.text(alphabet="ab'\"\\\n\x00\x7fé\u2028\ud800", max_size=60)


@settings(max_examples=400, deadline=None)
@given(value=QUOTES_AND_ESCAPES, limit=st.integers(1, 30))
def test_value_repr_is_a_long_enough_start_of_repr(value: str, limit: int) -> None:
    rendered = value_repr(value, limit)
    assert repr(value).startswith(rendered)
    assert len(rendered) > min(limit, len(repr(value)) - 1)
    if len(value) <= limit:
        assert rendered == repr(value)


def test_a_huge_value_is_not_rendered_whole_and_the_message_is_the_same() -> None:
    huge = "it's \"x\"" + "\x00" * 3_000_000
    schema = {"type": "object", "properties": {"n": {"type": "number"}, "t": {"anyOf": [{"type": "number"}, {"type": "null"}]}},
              "additionalProperties": False}
    document = {"n": huge, "t": huge, huge: 1}
    fast = Validator(schema).errors(document)
    reference = Validator(schema, fast_path=False).errors(document)
    assert fast == reference
    assert all(len(message) <= MESSAGE_LIMIT for _, message, _ in fast)
