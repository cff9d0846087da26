"""Schema denial of service: every hostile shape either generates in bounded time or is refused with
one line on stderr (exit 2, no traceback), through the CLI in a subprocess with a timeout.

- A ``pattern`` with catastrophic backtracking costs nothing: generation never runs schema patterns.
- A very large schema (5,000 properties; 1,000 models) generates in seconds.
- Deep nesting (``properties``, ``items``, ``anyOf``, ``allOf``) and long ``$ref`` chains end in a
  refusal, never a RecursionError traceback.
- ``$ref`` cycles with no base case are refused; recursive models and types generate.
- A small schema whose types double at each level (a DAG of unions) must not take exponential time.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, run_tsc
from schemasmith import Settings, render_files
from schemasmith.errors import SchemaSmithError
from schemasmith.ir.builder import MAX_NESTING
from schemasmith.ir.ref_chains import MAX_REF_CHAIN
from schemasmith.ir.type_size import MAX_TYPE_SIZE
from schemasmith.source.json_file import MAX_SCHEMA_DEPTH

CATASTROPHIC = ["^(a+)+$", "(x+x+)+y", "^(a|aa)*b$", "(.*a){25}", "((a*)*)*$", "["]


def run_cli(schema: Path, out: Path, timeout: float = 120) -> tuple[int, str, float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "schemasmith", "generate", str(schema), "--out", str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=timeout,
    )
    return result.returncode, result.stderr, time.monotonic() - started


def assert_generated_or_refused(code: int, stderr: str) -> None:
    """Bounded (the caller's timeout) and clean: success, or exit 2 with one line and no traceback."""
    assert "Traceback" not in stderr, stderr[-1500:]
    assert code in (0, 2), stderr[-1500:]
    assert stderr.count("\n") == 1, stderr[-1500:]


def nested(kind: str, depth: int) -> str:
    """JSON text nesting ``kind`` ``depth`` levels deep (written out: json.dumps would recurse)."""
    opening, closing = {
        "properties": ('{"type": "object", "properties": {"p": ', "}}"),
        "items": ('{"type": "array", "items": ', "}"),
        "map": ('{"type": "object", "additionalProperties": ', "}"),
        "anyOf": ('{"anyOf": [', ', {"type": "null"}]}'),
        "allOf": ('{"allOf": [{"type": "object"}, ', "]}"),
    }[kind]
    return opening * depth + '{"type": "string"}' + closing * depth


def write(path: Path, document: Any) -> Path:
    path.write_text(document if isinstance(document, str) else json.dumps(document), "utf-8")
    return path


# --- patterns ------------------------------------------------------------------------------------


def test_catastrophic_patterns_are_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    properties: dict[str, Any] = {f"p{i}": {"type": "string", "pattern": p} for i, p in enumerate(CATASTROPHIC)}
    properties["names"] = {"type": "object", "propertyNames": {"pattern": CATASTROPHIC[0]}}
    schema = write(tmp_path / "patterns.json", {
        "title": "Root", "type": "object", "properties": properties,
        "patternProperties": {p: {"type": "string"} for p in CATASTROPHIC},
    })
    compiled: list[str] = []
    real_compile = re._compile  # type: ignore[attr-defined]

    def recording_compile(pattern: Any, flags: Any) -> Any:
        compiled.append(pattern if isinstance(pattern, str) else getattr(pattern, "pattern", ""))
        return real_compile(pattern, flags)

    monkeypatch.setattr(re, "_compile", recording_compile)
    started = time.monotonic()
    render_files(schema, ("python", "typescript", "docs"), Settings())
    assert time.monotonic() - started < 30
    assert not set(compiled) & set(CATASTROPHIC), "generation compiled a schema pattern"
    monkeypatch.undo()
    code, stderr, seconds = run_cli(schema, tmp_path / "out", timeout=60)
    assert code == 0, stderr
    print(f"\ncatastrophic patterns: generated in {seconds:.1f}s")


# --- size ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["5000-properties", "1000-models"])
def test_a_very_large_schema_generates_in_bounded_time(tmp_path: Path, shape: str) -> None:
    if shape == "5000-properties":
        document = {"title": "Root", "type": "object",
                    "properties": {f"p{i}": {"type": "string", "description": f"Property {i}."} for i in range(5000)}}
        files = 4 + 2  # docs page and index, the Python module and TypeScript file, __init__.py, py.typed
    else:
        defs = {f"M{i}": {"type": "object", "properties": {f"f{j}": {"type": ["string", "null"]} for j in range(5)}}
                for i in range(1000)}
        document = {"title": "Root", "type": "object", "$defs": defs,
                    "properties": {f"m{i}": {"$ref": f"#/$defs/M{i}"} for i in range(1000)}}
        files = 1001 + 3 + 2
    code, stderr, seconds = run_cli(write(tmp_path / "large.json", document), tmp_path / "out")
    assert code == 0, stderr
    assert len([p for p in (tmp_path / "out").rglob("*") if p.is_file()]) == files
    print(f"\n{shape}: generated in {seconds:.1f}s")
    assert seconds < 90


# --- depth ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["properties", "items", "anyOf", "allOf"])
def test_nesting_deeper_than_json_parsing_allows_is_refused_in_one_line(tmp_path: Path, kind: str) -> None:
    text = nested(kind, 10_000)
    document = '{"title": "Root", "type": "object", "properties": {"x": ' + text + "}}"
    code, stderr, _ = run_cli(write(tmp_path / "deep.json", document), tmp_path / "out")
    assert_generated_or_refused(code, stderr)
    assert code == 2 and "nested too deeply" in stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("kind", "depth"),
    [
        ("allOf", 300),
        ("properties", 450),
        ("items", 900),
        ("anyOf", 450),
    ],
)
def test_nesting_that_parses_generates_or_is_refused_in_one_line(tmp_path: Path, kind: str, depth: int) -> None:
    document = '{"title": "Root", "type": "object", "properties": {"x": ' + nested(kind, depth) + "}}"
    code, stderr, _ = run_cli(write(tmp_path / "deep.json", document), tmp_path / "out")
    assert_generated_or_refused(code, stderr)


@pytest.mark.parametrize(
    "shape",
    [
        "ref-only",
        "models",
        "arrays",
    ],
)
def test_a_long_ref_chain_generates_or_is_refused_in_one_line(tmp_path: Path, shape: str) -> None:
    """10,000 $defs, each referring to the next: as bare refs, as models, as arrays."""
    n = 10_000
    if shape == "ref-only":
        defs: dict[str, Any] = {f"d{i}": {"$ref": f"#/$defs/d{i + 1}"} for i in range(n)}
    elif shape == "models":
        defs = {f"d{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/d{i + 1}"}}} for i in range(n)}
    else:
        defs = {f"d{i}": {"type": "array", "items": {"$ref": f"#/$defs/d{i + 1}"}} for i in range(n)}
    defs[f"d{n}"] = {"type": "string"}
    document = {"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs}
    code, stderr, _ = run_cli(write(tmp_path / "chain.json", document), tmp_path / "out")
    assert_generated_or_refused(code, stderr)


def test_nesting_just_inside_the_bounds_generates_code_that_type_checks(tmp_path: Path) -> None:
    """The bounds are low enough for what they let through: mypy --strict and tsc --strict accept the
    deepest types and models they allow, and the Python loader round-trips a payload as deep."""
    deepest = MAX_NESTING - 2  # the root model and its property are two levels already
    chain = MAX_NESTING - 2  # the last of the $ref chain is the string
    defs: dict[str, Any] = {f"a{i}": {"type": "array", "items": {"$ref": f"#/$defs/a{i + 1}"}} for i in range(chain)}
    defs.update({f"m{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/m{i + 1}"}}} for i in range(chain)})
    defs[f"a{chain}"] = defs[f"m{chain}"] = {"type": "string"}
    properties = {
        "items": json.loads(nested("items", deepest)),
        "map": json.loads(nested("map", deepest)),
        # Two JSON levels a step: as deep as a schema file may nest them.
        "anyOf": json.loads(nested("anyOf", (MAX_SCHEMA_DEPTH - 4) // 2)),
        "properties": json.loads(nested("properties", (MAX_SCHEMA_DEPTH - 4) // 2)),
        "arrays": {"$ref": "#/$defs/a0"},
        "models": {"$ref": "#/$defs/m0"},
    }
    schema = write(tmp_path / "deep.json", {"title": "Root", "type": "object", "properties": properties, "$defs": defs})
    out = tmp_path / "out"
    code, stderr, _ = run_cli(schema, out)
    assert code == 0, stderr
    payload: Any = "leaf"
    for _ in range(deepest):
        payload = [payload]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, "root.py"],
        capture_output=True, text=True, cwd=out / "python", timeout=600,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
    round_trip = subprocess.run(
        [sys.executable, "-c", "import json, sys, root; p = json.loads(sys.stdin.read()); "
         "assert root.Root.from_dict(p).to_dict() == p"],
        input=json.dumps({"items": payload}), capture_output=True, text=True, cwd=out / "python", timeout=60,
    )
    assert round_trip.returncode == 0, round_trip.stderr[-3000:]
    compiled = run_tsc(out / "typescript", [out / "typescript" / "root.ts"], emit=False)
    assert compiled.returncode == 0, compiled.stdout[-3000:]


def test_nesting_one_past_the_bound_is_refused_with_its_pointer(tmp_path: Path) -> None:
    defs: dict[str, Any] = {f"a{i}": {"type": "array", "items": {"$ref": f"#/$defs/a{i + 1}"}} for i in range(MAX_NESTING)}
    defs[f"a{MAX_NESTING}"] = {"type": "string"}
    schema = write(tmp_path / "deep.json", {"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/a0"}}, "$defs": defs})
    code, stderr, _ = run_cli(schema, tmp_path / "out")
    assert_generated_or_refused(code, stderr)
    assert code == 2 and f"deep.json at #/$defs/a{MAX_NESTING - 1}: schema nested too deeply: more than {MAX_NESTING}" in stderr
    assert not (tmp_path / "out").exists()


def test_a_caller_deep_in_the_stack_gets_a_refusal_not_a_recursion_error(tmp_path: Path) -> None:
    """The bounds assume a shallow caller; a deep one still gets a SchemaSmithError, never a RecursionError."""
    chain = MAX_NESTING - 2
    defs: dict[str, Any] = {f"m{i}": {"type": "object", "properties": {"next": {"$ref": f"#/$defs/m{i + 1}"}}} for i in range(chain)}
    defs[f"m{chain}"] = {"type": "string"}
    schema = write(tmp_path / "models.json", {"title": "Root", "$ref": "#/$defs/m0", "$defs": defs})

    def from_depth(frames: int) -> None:
        if frames:
            return from_depth(frames - 1)
        render_files(schema, ("python",), Settings())

    with pytest.raises(SchemaSmithError, match="nested too deeply to generate: Python's recursion limit was reached"):
        from_depth(sys.getrecursionlimit() - 150)


# --- $ref chains and cycles ---------------------------------------------------------------------


def test_a_long_ref_chain_is_refused_as_a_chain_not_a_cycle(tmp_path: Path) -> None:
    defs: dict[str, Any] = {f"d{i}": {"$ref": f"#/$defs/d{i + 1}"} for i in range(MAX_REF_CHAIN)}
    defs[f"d{MAX_REF_CHAIN}"] = {"type": "string"}
    document = {"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs}
    code, stderr, _ = run_cli(write(tmp_path / "chain.json", document), tmp_path / "out")
    assert_generated_or_refused(code, stderr)
    assert code == 2 and "cycle" not in stderr, stderr
    last = MAX_REF_CHAIN - 1
    assert (f"chain.json at #/$defs/d{last}/$ref: $ref chain longer than {MAX_REF_CHAIN} refs "
            f"(#/properties/x -> #/$defs/d0 -> #/$defs/d1 -> … ({MAX_REF_CHAIN - 4} more) -> #/$defs/d{last - 1} -> "
            f"#/$defs/d{last}): each leads only to another $ref") in stderr, stderr
    # One ref shorter reaches the string: generated.
    del defs[f"d{MAX_REF_CHAIN}"]
    defs[f"d{last}"] = {"type": "string"}
    code, stderr, _ = run_cli(write(tmp_path / "chain.json", document), tmp_path / "out")
    assert code == 0, stderr


def test_a_ref_cycle_is_reported_as_a_cycle_naming_its_refs(tmp_path: Path) -> None:
    document, _ = CYCLES["two-refs-in-a-loop"]
    code, stderr, _ = run_cli(write(tmp_path / "cycle.json", document), tmp_path / "out")
    assert code == 2
    assert ("cycle.json at #/$defs/a/$ref: $ref cycle #/$defs/a -> #/$defs/b -> #/$defs/a never reaches a schema "
            "(a cycle with no base case)") in stderr, stderr


# --- cycles --------------------------------------------------------------------------------------

CYCLES: dict[str, tuple[Any, int]] = {
    "root-refers-to-itself": ({"$ref": "#"}, 2),
    "two-refs-in-a-loop": ({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                            "type": "object", "properties": {"x": {"$ref": "#/$defs/a"}}}, 2),
    "allOf-containing-itself": ({"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/a"}},
                                 "$defs": {"a": {"allOf": [{"$ref": "#/$defs/a"}, {"type": "object"}]}}}, 2),
    "anyOf-of-itself": ({"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/a"}},
                         "$defs": {"a": {"anyOf": [{"$ref": "#/$defs/a"}, {"type": "array", "items": {"$ref": "#/$defs/a"}}]}}}, 0),
    "array-of-itself": ({"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/a"}},
                         "$defs": {"a": {"type": "array", "items": {"$ref": "#/$defs/a"}}}}, 0),
    "recursive-model": ({"title": "Root", "type": "object",
                         "properties": {"self": {"$ref": "#"}, "kids": {"type": "array", "items": {"$ref": "#"}}}}, 0),
    "root-allOf-itself": ({"title": "Root", "allOf": [{"$ref": "#"}], "type": "object",
                           "properties": {"a": {"type": "string"}}}, 0),
}


@pytest.mark.parametrize("name", list(CYCLES))
def test_ref_cycles_generate_or_are_refused_in_one_line(tmp_path: Path, name: str) -> None:
    document, expected = CYCLES[name]
    code, stderr, _ = run_cli(write(tmp_path / "cycle.json", document), tmp_path / "out", timeout=60)
    assert_generated_or_refused(code, stderr)
    assert code == expected, stderr


# --- blow-up -------------------------------------------------------------------------------------


def doubling_chain(n: int, container: str) -> dict[str, Any]:
    """``d0 = d1 | d1[]``, ``d1 = d2 | d2[]``, …: written out in full, d0 has 2**n parts."""
    defs: dict[str, Any] = {
        f"d{i}": {"anyOf": [{"$ref": f"#/{container}/d{i + 1}"}, {"type": "array", "items": {"$ref": f"#/{container}/d{i + 1}"}}]}
        for i in range(n)
    }
    defs[f"d{n}"] = {"type": "string"}
    return {"title": "Root", "type": "object", "properties": {"x": {"$ref": f"#/{container}/d0"}}, container: defs}


def test_named_types_that_double_at_each_level_are_written_by_name(tmp_path: Path) -> None:
    """Under $defs each level is a named type, written (and decoded) by its name: the output grows
    with the levels, not with the 2**24 parts the inlined type would have."""
    code, stderr, _ = run_cli(write(tmp_path / "dag.json", doubling_chain(24, "$defs")), tmp_path / "out", timeout=30)
    assert code == 0, stderr
    module = (tmp_path / "out" / "python" / "root.py").read_text(encoding="utf-8")
    assert 'D0: TypeAlias = "D1 | list[D1]"' in module
    assert sum(p.stat().st_size for p in (tmp_path / "out").rglob("*") if p.is_file()) < 1_000_000
    nested = [["leaf"], "leaf"]  # shallow: deciding anyOf on a deep list backtracks, as the validator does
    probe = "import json, sys; sys.path.insert(0, sys.argv[1]); from root import Root; print(json.dumps(Root.from_dict(json.loads(sys.argv[2])).to_dict()))"
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "out" / "python"), json.dumps({"x": nested})],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"x": nested}


def test_an_inlined_type_that_doubles_at_each_level_is_refused(tmp_path: Path) -> None:
    """The same chain outside a definitions section is not named: written out in full it would be
    2**24 parts, and generation refuses it in one line instead of running for hours."""
    document = doubling_chain(24, "x-chain")
    code, stderr, _ = run_cli(write(tmp_path / "dag.json", document), tmp_path / "out", timeout=30)
    assert_generated_or_refused(code, stderr)
    assert code == 2 and f"type too large to write out: in full it has more than {MAX_TYPE_SIZE:,} parts" in stderr


def test_a_type_shared_along_many_paths_is_built_once(tmp_path: Path) -> None:
    """The same DAG with a single use per level: small in full, and each level typed once, not once per path."""
    n = 60
    defs: dict[str, Any] = {f"d{i}": {"anyOf": [{"$ref": f"#/$defs/d{i + 1}"}, {"$ref": f"#/$defs/d{i + 1}"}]} for i in range(n)}
    defs[f"d{n}"] = {"type": "array", "items": {"type": "string"}}
    document = {"title": "Root", "type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs}
    code, stderr, _ = run_cli(write(tmp_path / "dag.json", document), tmp_path / "out", timeout=60)
    assert code == 0, stderr


def test_a_dag_of_models_is_linear(tmp_path: Path) -> None:
    """The same doubling through models is fine: a model is built once and referred to by name."""
    n = 40
    defs: dict[str, Any] = {
        f"e{i}": {"type": "object", "properties": {"l": {"$ref": f"#/$defs/e{i + 1}"}, "r": {"$ref": f"#/$defs/e{i + 1}"}}}
        for i in range(n)
    }
    defs[f"e{n}"] = {"type": "object", "properties": {"leaf": {"type": "string"}}}
    code, stderr, seconds = run_cli(write(tmp_path / "dag.json", {"title": "Root", "$ref": "#/$defs/e0", "$defs": defs}),
                                    tmp_path / "out", timeout=60)
    assert code == 0, stderr
    assert seconds < 30
