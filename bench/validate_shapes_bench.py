"""Benchmark `schemasmith validate` on four shapes of schema, not only the flat Session record.

Run from the repository root (not part of the test suite):

    .venv/bin/python bench/validate_shapes_bench.py [--lines 50000] [--rounds 5] [--no-record]

The recorded runs use ``--lines 100000`` (the issue's file size). A run replaces the "## Validation
by schema shape" section of bench/RESULTS.md above its hand-written "### Earlier runs" subsection,
which stays.

Schemas (each gets its own deterministic NDJSON file, about 1% invalid lines):
- session: schema/session.schema.json, the flat record;
- session+: Session plus `labels` (an array of strings, or null) and `location` (a nested object, or
  null): the shape that used to fall off the fast path;
- order: an order with a customer, line items and a `payment` tagged union (card | bank | wallet,
  discriminated by `kind`), enums, a pattern, bounds, date-time, email and uri formats — written here;
- conversation: the largest nested component of tests/schemas/sessions-api.openapi.json
  (Conversation: allOf Timestamped + an array of Session + an Agent with a Prompt, LlmConfig, tools,
  labels), its `#/components/schemas/…` references made `#/$defs/…`.

Competitors on the same file, in this process, each with its best loop: jsonschema-rs
(`orjson.loads` + `is_valid`, formats on), fastjsonschema (compiled), msgspec typed decode into
hand-written equivalent Structs (no JSON Schema semantics: the speed of light). schemasmith runs as
`validate --jobs 1` subprocesses, startup included, byte-compiled as an installed package is. The
targets compare it with those in-process loops; one more column times jsonschema-rs's loop as a
script of its own (a whole process too: the interpreter, orjson and jsonschema-rs started), which
is what a user would run in ``validate``'s place: information, not a target.
Each round times all of them back to back; ratios are each round's own, the median is reported.
Peak RSS of our process comes from one more, untimed run per schema. The no-cliff figure (Session +
array + nested object against Session, bytes a second) times the two `validate` runs back to back in
each of its own rounds, after the shapes' measurements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Literal, Optional, Union

import fastjsonschema
import jsonschema_rs
import msgspec
import orjson
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import results_section  # noqa: E402
import validate_bench as base  # noqa: E402

REPO = base.REPO
RESULTS = base.RESULTS
SECTION = "## Validation by schema shape"
SEED = 20251207
OPENAPI = REPO / "tests" / "schemas" / "sessions-api.openapi.json"
TARGETS = {"jsonschema-rs": 1.0, "msgspec (typed decode)": 0.6}
KEPT = "### Earlier runs"


# ---------------------------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------------------------


def session_schema() -> dict[str, Any]:
    return json.loads(base.SCHEMA_PATH.read_text("utf-8"))


def session_plus_schema() -> dict[str, Any]:
    schema = session_schema()
    schema["properties"]["labels"] = {"type": ["array", "null"], "items": {"type": "string"}}
    schema["properties"]["location"] = {
        "anyOf": [
            {"type": "object", "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
             "required": ["country"]},
            {"type": "null"},
        ]
    }
    return schema


def order_schema() -> dict[str, Any]:
    money = {"type": "number", "minimum": 0}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Order",
        "type": "object",
        "required": ["id", "created_at", "customer", "items", "payment", "currency"],
        "properties": {
            "id": {"type": "string", "pattern": "^ord_[0-9a-f]{12}$"},
            "created_at": {"type": "string", "format": "date-time"},
            "currency": {"enum": ["USD", "EUR", "GBP"]},
            "customer": {"$ref": "#/$defs/Customer"},
            "items": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"$ref": "#/$defs/LineItem"}},
            "payment": {"$ref": "#/$defs/Payment"},
            "note": {"type": ["string", "null"], "maxLength": 500},
        },
        "$defs": {
            "Customer": {
                "type": "object",
                "required": ["id", "email"],
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "email": {"type": "string", "format": "email"},
                    "name": {"type": "string"},
                },
            },
            "LineItem": {
                "type": "object",
                "required": ["sku", "quantity", "unit_price"],
                "additionalProperties": False,
                "properties": {
                    "sku": {"type": "string", "minLength": 3},
                    "quantity": {"type": "integer", "minimum": 1},
                    "unit_price": money,
                    "url": {"type": "string", "format": "uri"},
                },
            },
            "Payment": {
                "oneOf": [{"$ref": "#/$defs/Card"}, {"$ref": "#/$defs/Bank"}, {"$ref": "#/$defs/Wallet"}],
            },
            "Card": {
                "type": "object",
                "required": ["kind", "last4", "amount"],
                "properties": {"kind": {"const": "card"}, "last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                               "amount": money},
            },
            "Bank": {
                "type": "object",
                "required": ["kind", "iban", "amount"],
                "properties": {"kind": {"const": "bank"}, "iban": {"type": "string"}, "amount": money},
            },
            "Wallet": {
                "type": "object",
                "required": ["kind", "provider", "amount"],
                "properties": {"kind": {"const": "wallet"}, "provider": {"enum": ["apple", "google"]},
                               "amount": money},
            },
        },
    }


def conversation_schema() -> dict[str, Any]:
    """Conversation from the OpenAPI document, standing alone as a JSON Schema."""
    document = json.loads(OPENAPI.read_text("utf-8"))
    text = json.dumps(document["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/$defs/Conversation",
            "$defs": json.loads(text)}


# ---------------------------------------------------------------------------------------------
# Equivalent msgspec Structs (the speed of light: typed decode, no JSON Schema semantics)
# ---------------------------------------------------------------------------------------------


class Location(msgspec.Struct):
    country: str
    city: Optional[str] = None


def session_plus_struct() -> Any:
    fields: list[tuple[Any, ...]] = [("timestamp", dt.datetime)]
    fields += [(name, Optional[str], None) for name in base.STRING_FIELDS]
    fields += [("duration", Optional[float], None), ("is_legacy", Optional[bool], None),
               ("is_test", Optional[bool], None), ("labels", Optional[list[str]], None),
               ("location", Optional[Location], None)]
    return msgspec.defstruct("SessionPlus", fields)


class Customer(msgspec.Struct):
    id: int
    email: str
    name: Optional[str] = None


class LineItem(msgspec.Struct, forbid_unknown_fields=True):
    sku: str
    quantity: int
    unit_price: float
    url: Optional[str] = None


class Card(msgspec.Struct, tag_field="kind", tag="card"):
    last4: str
    amount: float


class Bank(msgspec.Struct, tag_field="kind", tag="bank"):
    iban: str
    amount: float


class Wallet(msgspec.Struct, tag_field="kind", tag="wallet"):
    provider: Literal["apple", "google"]
    amount: float


class Order(msgspec.Struct):
    id: str
    created_at: dt.datetime
    currency: Literal["USD", "EUR", "GBP"]
    customer: Customer
    items: list[LineItem]
    payment: Union[Card, Bank, Wallet]
    note: Optional[str] = None


class LlmConfig(msgspec.Struct):
    provider: str
    model: str
    temperature: float = 0.7
    seed: Optional[int] = None


class Prompt(msgspec.Struct):
    id: int
    name: str
    version: Optional[str] = None
    llm: Optional[LlmConfig] = None


class ToolRef(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    enabled: bool = True


class Agent(msgspec.Struct):
    id: int
    name: str
    type: Optional[str] = None
    timezone: Optional[str] = None
    prompt: Optional[Prompt] = None
    tools: Optional[list[ToolRef]] = None
    labels: Optional[dict[str, str]] = None
    updated_at: Optional[dt.datetime] = None


def conversation_struct() -> Any:
    session = base.session_struct()
    return msgspec.defstruct("Conversation", [
        ("id", uuid.UUID), ("created_at", Optional[dt.datetime], None), ("updated_at", Optional[dt.datetime], None),
        ("sessions", Optional[list[session]], None), ("agent", Optional[Agent], None),
    ])


# ---------------------------------------------------------------------------------------------
# Data: one generator per schema, 1% of lines spoiled
# ---------------------------------------------------------------------------------------------


def _stamp(rng: random.Random) -> str:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randint(0, 30_000_000))
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z"


def session_doc(rng: random.Random) -> dict[str, Any]:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=rng.randint(0, 30_000_000))
    return base.session(rng, moment)


def session_plus_doc(rng: random.Random) -> dict[str, Any]:
    doc = session_doc(rng)
    doc["labels"] = rng.sample(["vip", "billing", "spanish", "callback", "escalated", "new"], rng.randint(0, 4))
    doc["location"] = {"city": rng.choice(["Austin", "Boston", "Denver"]), "country": "US"} if rng.random() < 0.8 else None
    return doc


def order_doc(rng: random.Random) -> dict[str, Any]:
    amount = 0.0
    items = []
    for _ in range(rng.randint(1, 4)):
        item = {"sku": f"SKU-{rng.randint(1000, 9999)}", "quantity": rng.randint(1, 5),
                "unit_price": round(rng.uniform(1, 200), 2)}
        if rng.random() < 0.5:
            item["url"] = f"https://shop.example.com/p/{item['sku'].lower()}"
        amount += item["quantity"] * item["unit_price"]
        items.append(item)
    kind = rng.choice(["card", "bank", "wallet"])
    payment: dict[str, Any] = {"kind": kind, "amount": round(amount, 2)}
    if kind == "card":
        payment["last4"] = f"{rng.randint(0, 9999):04d}"
    elif kind == "bank":
        payment["iban"] = f"DE{rng.randint(10**19, 10**20 - 1)}"
    else:
        payment["provider"] = rng.choice(["apple", "google"])
    return {
        "id": f"ord_{rng.getrandbits(48):012x}",
        "created_at": _stamp(rng),
        "currency": rng.choice(["USD", "EUR", "GBP"]),
        "customer": {"id": rng.randint(1, 10**6), "email": f"user{rng.randint(1, 10**6)}@example.com",
                     "name": rng.choice(["Ann Lee", "Bo Chen", "Cy Diaz"])},
        "items": items,
        "payment": payment,
        "note": rng.choice([None, "leave at the door", "gift wrap, please"]),
    }


def conversation_doc(rng: random.Random) -> dict[str, Any]:
    agent = {
        "id": rng.randint(1, 400), "name": rng.choice(["Front desk", "Billing"]), "type": "voice",
        "timezone": "America/Chicago",
        "prompt": {"id": rng.randint(1, 60), "name": "Reception", "version": "3.1",
                   "llm": {"provider": rng.choice(["openai", "anthropic"]), "model": "m-1", "temperature": 0.2,
                           "seed": None}},
        "tools": [{"name": "transfer", "enabled": True}, {"name": "lookup", "enabled": rng.random() < 0.5}],
        "labels": {"team": "front", "tier": rng.choice(["1", "2"])},
    }
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "created_at": _stamp(rng), "updated_at": _stamp(rng),
        "sessions": [session_doc(rng) for _ in range(rng.randint(1, 3))],
        "agent": agent,
    }


def spoil(rng: random.Random, doc: dict[str, Any]) -> bytes:
    """An invalid or malformed line: a wrong type at a random depth, a missing property, cut short."""
    kind = rng.randrange(4)
    if kind == 0:
        return orjson.dumps(doc)[:-5]
    if kind == 1:
        doc.pop(next(iter(doc)))
        return orjson.dumps(doc)
    target = doc
    while True:  # walk down to a random nested object
        children = [v for v in target.values() if isinstance(v, dict)] + [
            item for v in target.values() if isinstance(v, list) for item in v if isinstance(item, dict)]
        if not children or rng.random() < 0.4:
            break
        target = rng.choice(children)
    key = rng.choice(list(target))
    target[key] = 12.5 if isinstance(target[key], str) else "wrong"
    return orjson.dumps(doc)


SHAPES: dict[str, tuple[Callable[[], dict[str, Any]], Callable[[random.Random], dict[str, Any]], Callable[[], Any]]] = {
    "session": (session_schema, session_doc, base.session_struct),
    "session+": (session_plus_schema, session_plus_doc, session_plus_struct),
    "order": (order_schema, order_doc, lambda: Order),
    "conversation": (conversation_schema, conversation_doc, conversation_struct),
}


INVALID_SHARE = 0.01


def write_ndjson(path: Path, make: Callable[[random.Random], dict[str, Any]], lines: int) -> None:
    rng = random.Random(SEED)
    with open(path, "wb") as out:
        for _ in range(lines):
            doc = make(rng)
            out.write((spoil(rng, doc) if rng.random() < INVALID_SHARE else orjson.dumps(doc)) + b"\n")


# ---------------------------------------------------------------------------------------------
# Competitors: each returns how many lines it found invalid
# ---------------------------------------------------------------------------------------------


def run_jsonschema_rs(path: Path, schema: dict[str, Any], struct: Any) -> int:
    is_valid = jsonschema_rs.validator_for(schema, validate_formats=True).is_valid
    invalid = 0
    with open(path, "rb") as lines:
        for line in lines:
            try:
                invalid += not is_valid(orjson.loads(line))
            except orjson.JSONDecodeError:
                invalid += 1
    return invalid


def run_fastjsonschema(path: Path, schema: dict[str, Any], struct: Any) -> int:
    validate = fastjsonschema.compile(schema)
    invalid = 0
    with open(path, "rb") as lines:
        for line in lines:
            try:
                validate(orjson.loads(line))
            except (fastjsonschema.JsonSchemaException, orjson.JSONDecodeError):
                invalid += 1
    return invalid


def run_msgspec(path: Path, schema: dict[str, Any], struct: Any) -> int:
    decode = msgspec.json.Decoder(struct).decode
    invalid = 0
    with open(path, "rb") as lines:
        for line in lines:
            try:
                decode(line)
            except msgspec.DecodeError:
                invalid += 1
    return invalid


# jsonschema-rs's loop as a script of its own: the same loop as run_jsonschema_rs, started as a process.
JSONSCHEMA_RS_SCRIPT = """
import sys, orjson, jsonschema_rs
with open(sys.argv[1], "rb") as schema:
    is_valid = jsonschema_rs.validator_for(orjson.loads(schema.read()), validate_formats=True).is_valid
invalid = 0
with open(sys.argv[2], "rb") as lines:
    for line in lines:
        try:
            invalid += not is_valid(orjson.loads(line))
        except orjson.JSONDecodeError:
            invalid += 1
print(invalid)
"""
SCRIPT = "jsonschema-rs script"


def run_jsonschema_rs_script(path: Path, schema_path: Path) -> int:
    """Lines jsonschema-rs's loop, run as a process of its own, finds invalid."""
    done = subprocess.run([sys.executable, "-c", JSONSCHEMA_RS_SCRIPT, str(schema_path), str(path)], cwd=REPO,
                          capture_output=True, env=base.CLI_ENVIRONMENT, check=True)
    return int(done.stdout)


def run_cli(path: Path, schema_path: Path, sample_memory: bool = False) -> tuple[int, float]:
    """Lines reported invalid, and with ``sample_memory`` the process's peak RSS (MB)."""
    command = [sys.executable, "-m", "schemasmith", "validate", "--jobs", "1", "--format", "json",
               "--schema", str(schema_path), str(path)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=base.CLI_ENVIRONMENT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                peak[0] = max(peak[0], *(p.memory_info().rss for p in [root, *root.children(recursive=True)]))
            except psutil.Error:
                pass
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    if sample_memory:
        sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"schemasmith validate failed: {stderr.decode()}")
    return len({json.loads(record)["line"] for record in stdout.splitlines()}), peak[0] / 1e6


def _timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


# ---------------------------------------------------------------------------------------------
# Running and reporting
# ---------------------------------------------------------------------------------------------

COMPETITORS = {"jsonschema-rs": run_jsonschema_rs, "fastjsonschema": run_fastjsonschema,
               "msgspec (typed decode)": run_msgspec}


def measure(folder: Path, name: str, lines: int, rounds: int) -> dict[str, Any]:
    make_schema, make_doc, make_struct = SHAPES[name]
    schema = make_schema()
    schema_path = folder / f"{name}.schema.json"
    schema_path.write_text(json.dumps(schema), "utf-8")
    data = folder / f"{name}.ndjson"
    write_ndjson(data, make_doc, lines)
    struct = make_struct()
    run_cli(data, schema_path)  # byte-compile the package, warm the page cache
    run_jsonschema_rs_script(data, schema_path)  # and orjson's, jsonschema-rs's
    times: dict[str, list[float]] = {"ours": [], SCRIPT: []}
    invalid: dict[str, int] = {}
    for _ in range(rounds):
        (invalid["ours"], _), seconds = _timed(lambda: run_cli(data, schema_path))
        times["ours"].append(seconds)
        invalid[SCRIPT], seconds = _timed(lambda: run_jsonschema_rs_script(data, schema_path))
        times[SCRIPT].append(seconds)
        for competitor, run in COMPETITORS.items():
            invalid[competitor], seconds = _timed(lambda: run(data, schema, struct))
            times.setdefault(competitor, []).append(seconds)
    _, rss = run_cli(data, schema_path, sample_memory=True)
    from schemasmith.validate import Validator

    return {
        "name": name, "lines": lines, "bytes": data.stat().st_size, "times": times, "invalid": invalid,
        "rss": rss, "path": _accept_path(Validator(schema)),
    }


def paired_cliff(folder: Path, rounds: int) -> list[float]:
    """Each round's bytes a second of ours on Session + array + nested object over ours on Session,
    the two runs back to back: the machine's speed drifts over the minutes between the two shapes'
    own measurements, which a ratio of their best rounds would take for a cliff (or hide one)."""
    ratios = []
    for _ in range(rounds):
        speed = {}
        for name in ("session", "session+"):
            data = folder / f"{name}.ndjson"
            start = time.perf_counter()
            run_cli(data, folder / f"{name}.schema.json")
            speed[name] = data.stat().st_size / (time.perf_counter() - start)
        ratios.append(speed["session+"] / speed["session"])
    return ratios


def _accept_path(validator: Any) -> str:
    # The typed msgspec stage (fast/typed_accept.py) accepts first where the schema compiles to Structs.
    typed = getattr(validator, "typed_accept", None) is not None
    return f"msgspec Structs, then {validator.accept_path}" if typed else validator.accept_path


def render(results: list[dict[str, Any]], rounds: int, load_start: tuple[float, ...], pressure_start: str,
           cliff_ratios: list[float]) -> str:
    load_end = os.getloadavg()
    out = [
        SECTION, "",
        f"Written by `.venv/bin/python bench/validate_shapes_bench.py` (rerun it rather than edit this). Run on "
        f"{dt.date.today().isoformat()}, {rounds} rounds, {INVALID_SHARE:.1%} of lines spoiled; in each round every validator runs on the same file "
        "back to back; `ours` is `schemasmith validate --jobs 1 --format json` as a whole process (startup "
        "included), the others are loops in the benchmark's process (no startup), but for the last ratio: "
        "jsonschema-rs's loop as a script of its own, a whole process as ours is (information, not a target). "
        "Ratios are each round's "
        "own, the median of the rounds is shown; docs/s is the best round's.",
        "",
        f"Machine: {base.machine()}. Load average (1/5/15 min) at start {' / '.join(f'{x:.2f}' for x in load_start)}, "
        f"at end {' / '.join(f'{x:.2f}' for x in load_end)}; CPU pressure (PSI some, avg60) at start "
        f"{pressure_start}, at end {base.cpu_pressure()}. {base.load_note(load_start, load_end)}",
        "",
        "| schema | lines | bytes/line | accept path | ours docs/s | jsonschema-rs | fastjsonschema | msgspec typed | "
        "ours / jsonschema-rs | ours / msgspec | ours / fastjsonschema | ours / jsonschema-rs script (both whole processes) | "
        "peak RSS |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        times = r["times"]
        best = {k: r["lines"] / min(v) for k, v in times.items()}
        ratio = {k: statistics.median(t / o for t, o in zip(times[k], times["ours"])) for k in [*COMPETITORS, SCRIPT]}
        r["ratio"] = ratio
        out.append(
            f"| {r['name']} | {r['lines']:,} | {r['bytes'] / r['lines']:,.0f} | {r['path']} | {best['ours']:,.0f} | "
            f"{best['jsonschema-rs']:,.0f} | {best['fastjsonschema']:,.0f} | {best['msgspec (typed decode)']:,.0f} | "
            f"**{ratio['jsonschema-rs']:.2f}×** | **{ratio['msgspec (typed decode)']:.2f}×** | "
            f"{ratio['fastjsonschema']:.1f}× | {ratio[SCRIPT]:.2f}× | {r['rss']:,.0f} MB |"
        )
    out += ["", "Invalid lines found (all validators must agree but msgspec, which has no formats, patterns or "
            "bounds): " + "; ".join(f"{r['name']}: " + ", ".join(f"{k} {v}" for k, v in r["invalid"].items())
                                     for r in results), ""]
    out += ["| target | result | met |", "| --- | --- | --- |"]
    for competitor, target in TARGETS.items():
        worst = min(r["ratio"][competitor] for r in results)
        out.append(f"| ours ≥ {target}× {competitor} on every schema | worst {worst:.2f}× | {'yes' if worst >= target else 'NO'} |")
    rss = max(r["rss"] for r in results)
    out.append(f"| peak RSS < 120 MB | {rss:,.0f} MB | {'yes' if rss < 120 else 'NO'} |")
    if cliff_ratios:
        cliff = statistics.median(cliff_ratios)
        out.append(f"| no cliff: session+ ≥ 0.7× session, per byte (the two back to back in each of "
                   f"{len(cliff_ratios)} rounds) | {cliff:.2f}× | {'yes' if cliff >= 0.7 else 'NO'} |")
    out.append("")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shapes", nargs="*", default=list(SHAPES))
    parser.add_argument("--invalid-share", type=float, default=INVALID_SHARE, help="share of spoiled lines")
    parser.add_argument("--no-record", action="store_true")
    options = parser.parse_args()
    globals()["INVALID_SHARE"] = options.invalid_share
    load_start, pressure_start = os.getloadavg(), base.cpu_pressure()
    results = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        base.use_compiled_modules(folder)
        for name in options.shapes:
            results.append(measure(folder, name, options.lines, options.rounds))
            print(name, {k: f"{options.lines / min(v):,.0f}/s" for k, v in results[-1]["times"].items()},
                  results[-1]["invalid"], f"{results[-1]['rss']:.0f} MB", flush=True)
        both = {"session", "session+"} <= set(options.shapes)
        cliff_ratios = paired_cliff(folder, options.rounds) if both else []
    section = render(results, options.rounds, load_start, pressure_start, cliff_ratios)
    print(section)
    if not options.no_record:
        # The section's hand-written "### Earlier runs" (the spread between runs, older tables) stays.
        results_section.write_section(SECTION, section, kept=KEPT, results=RESULTS)


if __name__ == "__main__":
    main()
