"""``source.refs.cached_lookups`` (issue 21): inside it each ``$ref`` lookup is made once per
resolver, specification, base URI and ``$ref``; the IR built with it is the IR built without it,
and nothing it kept outlives the block (its results hold the parsed document)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from conftest import REPO
from schemasmith.ir import builder
from schemasmith.source import refs
from schemasmith.source.load import load_schema
from schemasmith.source.refs import RefDirs

SCHEMAS = REPO / "tests" / "schemas"


def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    lookups: list[str] = []
    resolve = refs.Here._resolve

    def counting(here: refs.Here, ref: str) -> tuple[object, refs.Here]:
        lookups.append(ref)
        return resolve(here, ref)

    monkeypatch.setattr(refs.Here, "_resolve", counting)
    return lookups


@pytest.mark.parametrize("schema", ["sessions-api.openapi.json", "cycles.schema.json", "constructs.schema.json"])
def test_the_ir_is_the_same_with_and_without_the_cache(schema: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = SCHEMAS / schema
    lookups = counted(monkeypatch)
    cached = builder.build_ir(load_schema(path, RefDirs()))
    made = len(lookups)
    assert refs._LOOKUPS == []  # nothing kept past the block
    monkeypatch.setattr(builder, "cached_lookups", contextlib.nullcontext)
    lookups.clear()
    plain = builder.build_ir(load_schema(path, RefDirs()))
    assert cached == plain
    assert made <= len(lookups)


def test_a_lookup_made_again_in_the_block_is_not_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_schema(SCHEMAS / "sessions-api.openapi.json", RefDirs())
    here = refs.root_here(loaded.document, loaded.path, loaded.registry)
    ref = "#/components/schemas/" + next(iter(loaded.document["components"]["schemas"]))
    lookups = counted(monkeypatch)
    with refs.cached_lookups():
        first = here.resolve(ref)
        again = here.resolve(ref)
        child = here.child(loaded.document["components"], "components")  # the same resolver and base
        from_child = child.resolve(ref)
    assert first is again and from_child is first and lookups == [ref]
    outside = here.resolve(ref)  # no block: looked up each time
    assert outside == first and outside is not first and lookups == [ref, ref]


def test_an_unresolvable_ref_raises_each_time(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_schema(SCHEMAS / "sessions-api.openapi.json", RefDirs())
    here = refs.root_here(loaded.document, loaded.path, loaded.registry)
    with refs.cached_lookups():
        for _ in range(2):
            with pytest.raises(Exception, match="cannot resolve"):
                here.resolve("#/components/schemas/NoSuchThing")
