"""The generated Python's from_json reads documents under the validator's policy, exactly.

`schemasmith validate` refuses JSON that is not interoperable (generator/schemasmith/validate/documents.py:
numbers a 64-bit float reads as infinity (integers included), lone surrogate escapes,
nesting deeper than 256, NaN/Infinity, bytes that are not UTF-8) anywhere in a document. The
generated loaders must refuse the same documents, and only those, whatever the schema says of the
place where the problem sits. Compared here: the verdict of the generated module's ``_load_json``
(what every ``from_json`` calls first) against ``parse_document`` itself, on edge cases chosen at
each limit and on documents hypothesis builds from the risky parts.

Every test runs on each of ``from_json``'s paths: with msgspec as the accelerator, with orjson (msgspec
blocked), and with the standard library alone (both blocked), the module imported afresh each time
with the blocked imports failing as they do where the package is not installed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from types import ModuleType
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schemasmith.validate.documents import MAX_DEPTH, DocumentError, parse_document

from conftest import GENERATED, import_module_from

# Each path: the modules made unimportable for it (None in sys.modules makes an import fail).
PATHS = {
    "msgspec": {},
    "orjson": {"msgspec": None, "msgspec.json": None},
    "stdlib": {"msgspec": None, "msgspec.json": None, "orjson": None},
}


@pytest.fixture(scope="module", params=list(PATHS))
def session_module(request: pytest.FixtureRequest) -> Iterator[ModuleType]:
    """The generated Session module as imported where only the path's parser is installed."""
    path: str = request.param
    if path != "stdlib":
        pytest.importorskip(path)
    with mock.patch.dict(sys.modules, PATHS[path]):
        module = import_module_from(GENERATED / "python" / "session.py", f"generated_session_policy_{path}")
    assert (module._FAST_JSON and module._FAST_JSON[0]) == (None if path == "stdlib" else path)
    yield module
    sys.modules.pop(module.__name__, None)

TS = '"timestamp": "2025-09-25T22:48:13.771Z"'


def _validator_accepts(data: bytes) -> bool:
    try:
        parse_document(data)
    except DocumentError:
        return False
    return True


def _loader_verdict(module: ModuleType, data: bytes) -> tuple[bool, str]:
    """(accepted, pointer) of the generated module's document reader; any other exception fails."""
    try:
        module._load_json(data)
    except module.SchemaValidationError as error:
        assert error.message and "\n" not in error.message, error.message
        return False, error.pointer
    return True, ""


def _digits(count: int) -> bytes:
    return b"9" * count


EDGE_CASES: list[tuple[str, bytes]] = [
    # numbers at a 64-bit float's limits: underflow and rounding down are fine, overflow is not
    ("1e-400 underflows to 0", b"1e-400"),
    ("-1e-400 underflows to -0", b"-1e-400"),
    ("-0", b"-0"),
    ("-0.0", b"-0.0"),
    ("1E+400", b"1E+400"),
    ("-1e400 in an array", b"[1, -1e400]"),
    ("1e400, then broken JSON", b"[1e400, }"),
    ("largest double", b"1.7976931348623157e308"),
    ("rounds down to the largest double", b"1.7976931348623158e308"),
    ("rounds up to infinity", b"1.7976931348623159e308"),
    ("a 400-digit float overflows", b"1" + b"0" * 400 + b".0"),
    ("a 400-digit integer is exact", b"1" + b"0" * 400),
    ("400 digits times 1e-400", b"1" + b"0" * 400 + b"e-400"),
    ("5000 fraction digits", b"0." + b"0" * 5000 + b"1"),
    ("an exponent of 19 digits", b"1e999999999999999999"),
    ("a negative exponent of 19 digits", b"1e-999999999999999999"),
    ("0e999999", b"0e999999"),
    # integers: none a double reads as infinity (309 digits can be; 4300 and more always are)
    ("308 nines", _digits(308)),
    ("309 digits within a double", b"1" + b"0" * 308),
    ("309 digits beyond a double", b"2" + b"0" * 308),
    ("the largest integer a double rounds down", str(2**1024 - 2**970 - 1).encode()),
    ("the smallest integer a double rounds to infinity", str(2**1024 - 2**970).encode()),
    ("minus that", str(-(2**1024 - 2**970)).encode()),
    # integers beyond 64 bits, which some parsers read as floats: kept exact
    ("2**63", str(2**63).encode()),
    ("2**64 - 1", str(2**64 - 1).encode()),
    ("2**64", str(2**64).encode()),
    ("-2**63 - 1", str(-(2**63) - 1).encode()),
    ("30 digits in an object", b'{"x": [123456789012345678901234567890, 1.5]}'),
    ("19 fraction digits", b"0.1234567890123456789"),
    ("4300 digits", _digits(4300)),
    ("4301 digits", _digits(4301)),
    ("-4299 digits", b"-" + _digits(4299)),
    ("-4300 digits", b"-" + _digits(4300)),
    ("4301 digits as a string", b'"' + _digits(4301) + b'"'),
    ("4301 digits in an object", b'{"x": [' + _digits(4301) + b"]}"),
    # NaN and Infinity
    ("NaN", b"NaN"),
    ("Infinity", b'{"x": Infinity}'),
    ("-Infinity", b"[-Infinity]"),
    # \u escapes of surrogates: pairs are characters, halves are not
    ("a surrogate pair", b'"\\ud83e\\udd16"'),
    ("an upper-case pair", b'"\\uD800\\uDC00"'),
    ("the last pair", b'"\\uDBFF\\uDFFF"'),
    ("a lone high surrogate", b'"\\ud800"'),
    ("a lone low surrogate", b'"\\udc00"'),
    ("a reversed pair", b'"\\udd16\\ud83e"'),
    ("high, high, low", b'"\\ud83e\\ud83e\\udd16"'),
    ("a lone surrogate in a key", b'{"\\udfff": 1}'),
    ("a lone surrogate after text", b'"abc\\ud800"'),
    ("a lone surrogate before a letter escape", b'"\\ud800\\u0041"'),
    ("an escaped backslash, then ud800 as text", b'"\\\\ud800"'),
    ("an escaped backslash, then a lone surrogate", b'"\\\\\\ud800"'),
    ("two escaped backslashes, then ud800 as text", b'"\\\\\\\\ud800"'),
    ("an escaped quote, then a lone surrogate", b'"\\"\\udbff"'),
    ("an escaped backslash, then a pair", b'"\\\\\\ud83e\\udd16"'),
    ("a lone surrogate spelled as raw UTF-8", b'"\xed\xa0\x80"'),
    # nesting: 256 levels are fine, 257 are not; brackets inside strings do not count
    ("256 arrays", b"[" * MAX_DEPTH + b"]" * MAX_DEPTH),
    ("257 arrays", b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)),
    ("256 objects", b'{"a":' * MAX_DEPTH + b"1" + b"}" * MAX_DEPTH),
    ("257 objects", b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1)),
    ("255 arrays and a bracketed string", b"[" * 255 + b'"[[[[{{{{"' + b"]" * 255),
    ("1000 arrays", b"[" * 1000 + b"]" * 1000),
    ("100000 arrays", b"[" * 100_000 + b"]" * 100_000),
    ("many shallow arrays", b"[" + b",".join([b"[1]"] * 2000) + b"]"),
    ("many shallow objects, 257 deep in a string", b'[' + b",".join([b'{"a": "' + b"[" * 257 + b'"}'] * 3) + b"]"),
    # encodings and the rest of the grammar
    ("a byte order mark", b"\xef\xbb\xbf{}"),
    ("UTF-16", '{"a": 1}'.encode("utf-16")),
    ("Latin-1", b'"caf\xe9"'),
    ("empty", b""),
    ("whitespace", b" \t\r\n"),
    ("a trailing comma", b"[1,]"),
    ("a raw tab in a string", b'"a\tb"'),
    ("two documents", b"{} {}"),
    ("a Session", ("{" + TS + ', "x": [1, {"y": "\\u00e9"}]}').encode()),
]


@pytest.mark.parametrize(("name", "data"), EDGE_CASES, ids=[name for name, _ in EDGE_CASES])
def test_refuses_exactly_what_the_validator_refuses(session_module: ModuleType, name: str, data: bytes) -> None:
    accepted, _ = _loader_verdict(session_module, data)
    assert accepted == _validator_accepts(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert _loader_verdict(session_module, text) == _loader_verdict(session_module, data), "str and bytes differ"


def test_accepted_documents_decode_as_the_validator_decodes_them(session_module: ModuleType) -> None:
    for name, data in EDGE_CASES:
        if _validator_accepts(data):
            ours, theirs = session_module._load_json(data), parse_document(data)
            assert ours == theirs and json.dumps(ours) == json.dumps(theirs), name


@pytest.mark.parametrize(
    ("text", "pointer", "message"),
    [
        ('{"timestamp": "2025-09-25T22:48:13Z", "duration": -1e400}', "/duration", "number beyond a 64-bit float"),
        ('{"a": {"b~/c": [0, 1.8e308]}}', "/a/b~0~1c/1", "number beyond a 64-bit float"),
        ('{"x": -' + "1" * 4300 + "}", "/x", "number beyond a 64-bit float"),
        ('{"x": [2' + "0" * 308 + "]}", "/x/0", "number beyond a 64-bit float"),
        ('{"x": 1e400, "x": 1}', "", "number beyond a 64-bit float"),  # the key's last value hides it
        ('{"x": 2' + "0" * 308 + ', "x": 1}', "", "number beyond a 64-bit float"),
        ('{"x": "\\ud800", "x": 1}', "", "lone UTF-16 surrogate"),
        ("[1e400, }", "", "number beyond a 64-bit float"),  # broken after the number: no place to point at
        ('{"a": "\\ud800"}', "", "lone UTF-16 surrogate"),
        ("[" * 257 + "]" * 257, "", "nested more than 256 levels deep"),
        ('{"a": NaN}', "", "NaN is not valid JSON"),
        (b'{"a": "\xff"}', "", "not valid UTF-8 (byte 7)"),
    ],
)
def test_errors_say_what_and_where(session_module: ModuleType, text: str | bytes, pointer: str, message: str) -> None:
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_json(text)
    assert caught.value.pointer == pointer
    assert message in caught.value.message


def test_a_str_holding_a_raw_lone_surrogate_is_refused(session_module: ModuleType) -> None:
    # No bytes can carry one (it is not UTF-8); a Python str can, and it is not Unicode text either.
    with pytest.raises(session_module.SchemaValidationError) as caught:
        session_module.Session.from_json('{"timestamp": "2025-09-25T22:48:13Z", "x": "\ud800"}')
    assert caught.value.pointer == "" and "lone UTF-16 surrogate" in caught.value.message


# Pieces of JSON text chosen at the policy's edges; documents are built from them.
_ESCAPES = ["\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud83e\\udd16", "\\uD83E\\uDD16", "\\\\", "\\\"",
            "\\u0041", "\\ud83e\\ud83e", "\\udd16\\ud83e", "\\n", "\\/", "é", "\U0001f916"]
_NUMBERS = ["0", "-0", "1.5", "-0.0", "1e308", "1e309", "-1e309", "1.7976931348623157e308",
            "1.7976931348623159e308", "1e-400", "4.9e-324", "2.4e-324", "1" * 309, "1" * 308 + ".5",
            "9" * 4300, "9" * 4301, "-" + "9" * 4299, "-" + "9" * 4300, "1" + "0" * 320 + "e-20",
            "123456789012345678901234567890"]
_STRINGS = st.lists(st.one_of(st.sampled_from(_ESCAPES), st.text("ab[{]}\\u0", max_size=3).map(
    lambda s: s.replace("\\", "\\\\"))), max_size=4).map(lambda parts: '"' + "".join(parts) + '"')
_SCALARS = st.one_of(st.sampled_from(_NUMBERS), _STRINGS, st.sampled_from(["true", "null", "NaN"]))


def _nest(value: str, depth: int, kind: str) -> str:
    opening, closing = ("[", "]") if kind == "array" else ('{"k":', "}")
    return opening * depth + value + closing * depth


_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda items: "[" + ",".join(items) + "]"),
        st.lists(st.tuples(_STRINGS, children), max_size=3).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"),
        st.tuples(children, st.integers(250, 260), st.sampled_from(["array", "object"])).map(lambda t: _nest(*t)),
    ),
    max_leaves=6,
)


@given(_DOCUMENTS)
@settings(max_examples=400, deadline=None)
def test_documents_built_from_risky_parts_get_the_validators_verdict(session_module: ModuleType, text: str) -> None:
    data = text.encode("utf-8")
    accepted, _ = _loader_verdict(session_module, data)
    assert accepted == _validator_accepts(data)


_SEEDS = [
    '{"timestamp": "2025-09-25T22:48:13Z", "x": [1e400, {"a": "\\ud800"}], "y": -' + "9" * 4300 + "}",
    '[[[[["\\\\ud800", 1.5e308, 1e-400, -0]]]]]',
    '{"a": 1, "b": "\\ud83e\\udd16", "c": [' + "[" * 255 + "]" * 255 + "]}",
    '{"timestamp": "2025-09-25T22:48:13.771Z", "duration": 12.5, "é": "ü"}',
]
_EDIT_CHARACTERS = list('[]{}",:\\u0123456789eE+-.dDaAbBcCfFnulNtrI ') + ["é", "\ufeff", "\x00"]
_EDITS = st.lists(st.tuples(st.integers(0, 5000), st.sampled_from(_EDIT_CHARACTERS), st.sampled_from("rid")), max_size=3)


@given(st.sampled_from(_SEEDS), _EDITS)
@settings(max_examples=400, deadline=None)
def test_broken_documents_get_the_validators_verdict_and_never_another_exception(
    session_module: ModuleType, seed: str, edits: list[tuple[int, str, str]]
) -> None:
    text = seed
    for position, character, kind in edits:
        position %= len(text) + 1
        if kind == "r":
            text = text[:position] + character + text[position + 1:]
        elif kind == "i":
            text = text[:position] + character + text[position:]
        else:
            text = text[:position] + text[position + 1:]
    data = text.encode("utf-8")
    accepted, _ = _loader_verdict(session_module, data)
    assert accepted == _validator_accepts(data)
    assert _loader_verdict(session_module, text) == _loader_verdict(session_module, data)


def test_the_accelerator_reads_ordinary_documents_without_the_standard_library(
    session_module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With msgspec or orjson, a valid document (large ones included) never reaches json's decoder."""
    if session_module._FAST_JSON is None:
        pytest.skip("the standard library's path")

    def refuse(text: str | bytes) -> None:
        raise AssertionError(f"the standard library read {text[:60]!r}")

    monkeypatch.setattr(session_module, "_load_json_standard", refuse)
    shallow = "[" + ",".join(['{"a": [1, 2.5, "\\u00e9", null]}'] * 500) + "]"
    for text in ('{"timestamp": "2025-09-25T22:48:13.771Z", "tags": ["é", "\\ud83e\\udd16"], "n": -12}', shallow):
        assert session_module._load_json(text) == json.loads(text)
        assert session_module._load_json(text.encode()) == json.loads(text)
    session_module.Session.from_json('{"timestamp": "2025-09-25T22:48:13.771Z", "duration": 1.5}')


def test_the_digit_run_search_looks_at_every_offset() -> None:
    """The accelerator's gate for long digit runs looks only around every run-th index: for every
    run length near the limit, at every offset, it finds what searching the whole text finds."""
    module = import_module_from(GENERATED / "python" / "session.py", "generated_session_digit_runs")
    table = bytes.maketrans(b"123456789", b"000000000")
    for run in (19, 64, 309):
        zeros = b"0" * run
        for length in (run - 1, run, run + 1, 2 * run + 3):
            for offset in range(3 * run):
                data = b'{"a": "x", "n": ' + b"x" * offset + b"7" * length + b"]"
                assert module._digit_run(data, zeros) == (zeros in data.translate(table)), (run, length, offset)
