"""The library API on one document at a time, as a service validates request bodies.

Run from the repository root (not part of the test suite):

    .venv/bin/python bench/validate_api_bench.py [--documents 3000] [--rounds 9] [--no-record]

The four schemas and their documents are bench/validate_shapes_bench.py's (Session, Session + array +
nested object, the order, the Conversation component), valid documents only, seeded. In this process,
ours and jsonschema-rs (formats on) back to back in each round, on the same documents:

- text in, the body as received: ``Validator.is_valid_json(body)`` against ``is_valid(orjson.loads(body))``;
- a parsed document: ``Validator.is_valid(document)`` against ``is_valid(document)`` on the same dict.
  Ours first makes sure the value is exactly JSON (a tuple, NaN, a ``Decimal`` or an integer key
  would be read otherwise by jsonschema-rs than by the reference, whose verdicts are ours): the
  price of that check is what this row shows.

Before timing, every validator must accept every document, and ours must give jsonschema-rs's verdict
on spoiled ones. Ratios are ours / theirs in documents a second, each round's own; the median of the
rounds is reported. A run replaces the "## Validation through the library API" section of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jsonschema_rs
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import results_section  # noqa: E402
import validate_bench as base  # noqa: E402
import validate_shapes_bench as shapes  # noqa: E402

from schemasmith.validate import Validator  # noqa: E402

SECTION = "## Validation through the library API"
SEED = 20261208


def _loop(check: Callable[[Any], Any], items: Sequence[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        check(item)
    return time.perf_counter() - start


def measure(name: str, count: int, rounds: int) -> dict[str, Any]:
    make_schema, make_doc, _ = shapes.SHAPES[name]
    schema = make_schema()
    rng = random.Random(SEED)
    documents = [make_doc(rng) for _ in range(count)]
    bodies = [json.dumps(document).encode() for document in documents]
    spoiled = [shapes.spoil(rng, make_doc(rng)) for _ in range(200)]
    ours = Validator(schema)
    theirs = jsonschema_rs.validator_for(schema, validate_formats=True).is_valid

    def theirs_on_text(body: bytes) -> bool:
        try:
            return theirs(orjson.loads(body))
        except orjson.JSONDecodeError:
            return False

    assert all(map(ours.is_valid_json, bodies)) and all(map(ours.is_valid, documents)), f"{name}: ours refuses"
    assert all(map(theirs, documents)), f"{name}: jsonschema-rs refuses"
    disagree = [body for body in spoiled if ours.is_valid_json(body) != theirs_on_text(body)]
    assert not disagree, f"{name}: verdicts differ on {disagree[:1]}"
    pairs = {
        "text": (ours.is_valid_json, theirs_on_text, bodies),
        "parsed": (ours.is_valid, theirs, documents),
    }
    times: dict[str, list[tuple[float, float]]] = {row: [] for row in pairs}
    for _ in range(rounds):
        for row, (mine, other, items) in pairs.items():
            times[row].append((_loop(mine, items), _loop(other, items)))
    # One document at a time: the typed stage comes first only where it pays on one document.
    typed = ours.typed_accept is not None and ours.typed_accept.suits_one_document
    return {"name": name, "count": count, "bytes": sum(map(len, bodies)) / count, "times": times,
            "path": shapes._accept_path(ours) if typed else ours.accept_path}


def render(results: list[dict[str, Any]], rounds: int, load_start: tuple[float, ...], pressure_start: str) -> str:
    load_end = os.getloadavg()
    out = [
        SECTION, "",
        f"Written by `.venv/bin/python bench/validate_api_bench.py` (rerun it rather than edit this). Run on "
        f"{dt.date.today().isoformat()}, {rounds} rounds of {results[0]['count']:,} valid documents per schema, in one "
        "process; ours and jsonschema-rs (formats on) back to back in each round. Text: `Validator.is_valid_json(body)` "
        "against `is_valid(orjson.loads(body))`; parsed: `Validator.is_valid(document)` against `is_valid(document)` "
        "on the same dict. Ratios are ours / jsonschema-rs in documents a second, the median of the rounds' own.",
        "",
        f"Machine: {base.machine()}. Load average (1/5/15 min) at start {' / '.join(f'{x:.2f}' for x in load_start)}, "
        f"at end {' / '.join(f'{x:.2f}' for x in load_end)}; CPU pressure (PSI some, avg60) at start "
        f"{pressure_start}, at end {base.cpu_pressure()}. {base.load_note(load_start, load_end)}",
        "",
        "| schema | bytes/document | accept path | text: ours µs | jsonschema-rs µs | **ours / jsonschema-rs** | "
        "parsed: ours µs | jsonschema-rs µs | **ours / jsonschema-rs** |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        cells = []
        for row in ("text", "parsed"):
            pairs = r["times"][row]
            mine = statistics.median(m for m, _ in pairs) / r["count"] * 1e6
            other = statistics.median(o for _, o in pairs) / r["count"] * 1e6
            ratio = statistics.median(o / m for m, o in pairs)
            cells += [f"{mine:.2f}", f"{other:.2f}", f"**{ratio:.2f}×**"]
        out.append(f"| {r['name']} | {r['bytes']:,.0f} | {r['path']} | " + " | ".join(cells) + " |")
    out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--shapes", nargs="*", default=list(shapes.SHAPES))
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    load_start, pressure_start = os.getloadavg(), base.cpu_pressure()
    results = [measure(name, options.documents, options.rounds) for name in options.shapes]
    section = render(results, options.rounds, load_start, pressure_start)
    print(section)
    if not options.no_record:
        results_section.write_section(SECTION, section, kept="### Earlier runs", results=base.RESULTS)


if __name__ == "__main__":
    main()
