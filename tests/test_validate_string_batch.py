"""The typed stage's strings checked a chunk at a time (validate/fast/string_batch.py).

Its invariant, as the typed stage's: a line it accepts is one the reference accepts; and it must
still accept the valid lines (else the stage would cost speed for nothing). Each line's verdict is
compared with the reference's, over strings that pass and fail their pattern, format and lengths
at every depth a slot can sit: the root, a nested object, array items, map values, a tagged union's
branch, a nullable string; plus what cannot be a slot (a string in a union with another type).
"""

from __future__ import annotations

import json
import random
import threading
from typing import Any

import pytest
from schemasmith.validate import Validator
from schemasmith.validate.fast.string_batch import Slot
from schemasmith.validate.fast.typed_accept import compile_typed_accept
from schemasmith.validate.fast.typed_lines import typed_rejected

D2020 = "https://json-schema.org/draft/2020-12/schema"
ID = {"type": "string", "pattern": "^ord_[0-9a-f]{4}$"}
SCHEMA = {
    "$schema": D2020, "type": "object", "required": ["id"],
    "properties": {
        "id": ID,
        "email": {"type": "string", "format": "email"},
        "customer": {"type": "object", "properties": {"id": ID, "site": {"type": "string", "format": "uri"}}},
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 5}},
        "seen": {"type": "object", "additionalProperties": {"type": "string", "format": "date"}},
        "payment": {"oneOf": [
            {"type": "object", "required": ["kind", "last4"], "properties": {"kind": {"const": "card"}, "last4": {"type": "string", "pattern": "^[0-9]{4}$"}}},
            {"type": "object", "required": ["kind", "uid"], "properties": {"kind": {"const": "wallet"}, "uid": {"type": "string", "format": "uuid"}}},
        ]},
        "nick": {"type": ["string", "null"], "pattern": "^[A-Z]", "minLength": 2},
        "code": {"type": ["string", "integer"], "pattern": "^[0-9]+$"},
    },
}
# Per slot, strings its check accepts and strings it refuses.
GOOD = {"id": ["ord_00af", "ord_ffff"], "email": ["a@b.example", "x.y@c.d"], "site": ["https://a.example/x", "http://b"],
        "tag": ["ab", "zzzzz"], "date": ["2024-02-29", "2023-12-31"], "last4": ["0000", "1234"],
        "uid": ["123e4567-e89b-12d3-a456-426614174000"], "nick": ["Ab", "Zed", None], "code": ["12", 7]}
BAD = {"id": ["ord_00AF", "ord_00af\n", "xord_00af", "", "ord_0"], "email": ["a@", "@b", "a b@c"],
       "site": ["no scheme", "http://a b/"], "tag": ["abcdef", "A", "", "a1"], "date": ["2023-02-29", "2024-13-01"],
       "last4": ["123", "12345", "١٢٣٤"], "uid": ["123e4567"], "nick": ["A", "ab", 5], "code": ["x1", 1.5]}


def _document(rng: random.Random, spoil: str | None) -> dict[str, Any]:
    def pick(slot: str) -> Any:
        return rng.choice(BAD[slot] if slot == spoil else GOOD[slot])

    document: dict[str, Any] = {"id": pick("id")}
    if rng.random() < 0.7:
        document["email"] = pick("email")
    if rng.random() < 0.7:
        document["customer"] = {"id": pick("id"), "site": pick("site")}
    if rng.random() < 0.7:
        document["tags"] = [pick("tag") for _ in range(rng.randrange(4))]
    if rng.random() < 0.5:
        document["seen"] = {f"k{i}": pick("date") for i in range(rng.randrange(3))}
    if rng.random() < 0.7:
        card = rng.random() < 0.5
        document["payment"] = {"kind": "card", "last4": pick("last4")} if card else {"kind": "wallet", "uid": pick("uid")}
    if rng.random() < 0.5:
        document["nick"] = pick("nick")
    if rng.random() < 0.5:
        document["code"] = pick("code")
    return document


def _lines(seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    return [json.dumps(_document(rng, rng.choice([None, None, *BAD]))).encode() for _ in range(count)]


def test_the_strings_with_a_pattern_or_format_are_slots_except_in_a_union() -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    assert typed is not None
    # id (twice, one slot), email, site, tag, date, last4, uid, nick, and code's: made, but left
    # for its fallback in the union of a string and an integer, so it never keeps a string.
    assert len(typed.slots._slots) == 9
    assert all(issubclass(slot, Slot) for slot in typed.slots._slots.values())
    typed_rejected(typed, [b'{"id": "ord_00af", "code": "x1", "nick": "Ab"}'])
    code = typed.slots._slots[repr(sorted({"pattern": "^[0-9]+$"}.items()))]
    nick = typed.slots._slots[repr(sorted({"pattern": "^[A-Z]", "minLength": 2}.items()))]
    calls: list[str] = []
    typed.slots.hook = lambda kind, value: calls.append(kind.__name__) or kind.mark  # type: ignore[method-assign]
    typed.decode = typed._build(())
    typed_rejected(typed, [b'{"id": "ord_00af", "code": "12", "nick": "Ab"}'])
    assert code.__name__ not in calls and nick.__name__ in calls


def test_every_line_gets_the_reference_verdict() -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    reference = Validator(SCHEMA, fast_path=False)
    assert typed is not None
    lines = _lines(1, 3000)
    refused = set(typed_rejected(typed, lines))
    invalid = {index for index, line in enumerate(lines) if reference.validate_json(line).invalid}
    assert invalid <= refused  # never accepts a line the reference refuses
    assert 300 < len(invalid) and refused == invalid  # and here refuses no valid one
    # The same lines in chunks of other sizes, and one at a time.
    for size in (1, 7, 500):
        again = [start + i for start in range(0, len(lines), size) for i in typed_rejected(typed, lines[start : start + size])]
        assert again == sorted(refused)


def test_the_whole_validator_reports_the_reference_issues() -> None:
    fast, reference = Validator(SCHEMA), Validator(SCHEMA, fast_path=False)
    assert fast.typed_accept is not None and fast.typed_accept.slots.used
    chunk = b"\n".join(_lines(2, 800)) + b"\n"
    assert fast.validate_ndjson(chunk) == reference.validate_ndjson(chunk)


@pytest.mark.parametrize("value", ['1', 'null', '{"a": "ord_00af"}', '["ord_00af"]', 'true', '"ord_00af\\u0000"'])
def test_a_slot_refuses_what_is_not_a_matching_string(value: str) -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    assert typed is not None
    lines = [b'{"id": "ord_00af"}', f'{{"id": {value}}}'.encode(), b'{"id": "ord_00af", "tags": ["ab"]}']
    assert typed_rejected(typed, lines) == [1]


def test_a_uri_the_guard_doubts_goes_on_to_the_reference() -> None:
    # jsonschema-rs's uri checker accepts an IPvFuture host with an upper-case "V" that formats.py
    # may not: the guarded check refuses every "[V" (rust_accept.py), and the reference decides.
    fast, reference = Validator(SCHEMA), Validator(SCHEMA, fast_path=False)
    assert fast.typed_accept is not None
    lines = [b'{"id": "ord_00af", "customer": {"site": "http://[V1.fe]/"}}', b'{"id": "ord_00af", "customer": {"site": "http://[v1.fe]/"}}']
    assert typed_rejected(fast.typed_accept, lines) == [0]
    chunk = b"\n".join(lines) + b"\n"
    assert fast.validate_ndjson(chunk) == reference.validate_ndjson(chunk)


def test_a_learned_name_keeps_the_strings_on_their_lines() -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    assert typed is not None
    lines = [b'{"id": "ord_00af", "new": 1, "tags": ["ab"]}', b'{"id": "bad", "other": "x"}', b'{"id": "ord_0000", "new": 2}']
    assert typed_rejected(typed, lines) == [1]
    assert {"new", "other"} <= set(typed.learned)


def test_threads_sharing_a_decoder_keep_their_chunks_apart() -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    assert typed is not None
    chunks = [_lines(seed, 400) for seed in range(8)]
    expected = [typed_rejected(typed, chunk) for chunk in chunks]
    found: list[list[int] | None] = [None] * len(chunks)

    def run(index: int) -> None:
        for _ in range(3):
            found[index] = typed_rejected(typed, chunks[index])

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(chunks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == expected


def test_a_check_that_fails_to_run_refuses_its_lines() -> None:
    typed = compile_typed_accept(SCHEMA, "draft2020-12")
    assert typed is not None
    slot = typed.slots._slots[repr(sorted({"pattern": ID["pattern"]}.items()))]

    def broken(values: Any) -> bool:
        raise RuntimeError("the engine failed")

    slot.check_all = broken  # type: ignore[method-assign]
    lines = [b'{"id": "ord_00af"}', b'{"email": "a@b.example", "id": "ord_0000"}', b'{"email": "a@b.example"}']
    assert typed_rejected(typed, lines) == [0, 1, 2]  # 2: "id" is required, refused by msgspec itself
