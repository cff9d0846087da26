"""Issue records: the JSON text --format json writes is exactly json.dumps of the record."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.validation.issues import Issue

# Any str a file name (surrogate-escaped bytes), a pointer or a message can hold.
ANY_TEXT = st.text(st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    file=ANY_TEXT,
    line=st.one_of(st.none(), st.integers(0, 10**12)),
    pointer=ANY_TEXT,
    message=ANY_TEXT,
    keyword=st.one_of(st.none(), ANY_TEXT),
)
def test_to_json_is_json_dumps_of_the_record(
    file: str, line: int | None, pointer: str, message: str, keyword: str | None
) -> None:
    issue = Issue(file, line, pointer, message, keyword)
    assert issue.to_json() == json.dumps(issue.to_record())


def test_to_json_escapes_what_json_dumps_escapes() -> None:
    issue = Issue("logs/\udcff.ndjson", None, "/a\u2028b", 'quote " backslash \\ é \x00 \ud800', None)
    text = issue.to_json()
    assert text.isascii() and "\n" not in text
    assert json.loads(text) == issue.to_record()
