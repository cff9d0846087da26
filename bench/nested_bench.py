"""The generated loaders on a nested model, beside what a service would otherwise use.

    .venv/bin/python bench/nested_bench.py [--rounds N] [--quick]

The model: bench/schemas/order.schema.json (an order with line items, a tagged union of payment
kinds, a oneOf of a string or an array, patterns, bounds, uniqueItems), generated into a
temporary folder. Python: ``Order.from_dict`` against pydantic v2 models that
datamodel-code-generator writes from the same schema (``model_validate`` on the same dicts), and
``Order.from_json`` against ``model_validate_json`` on the same texts, twice: with the standard
library alone (the module imported with msgspec and orjson blocked) and with the optional
accelerator the module finds at import (msgspec here). TypeScript (Node):
``orderFromJSON(text)`` against a zod 4 schema written to the same rules
(``parse(JSON.parse(text))``) and ajv 8 + ajv-formats compiled from the same schema
(``validate(JSON.parse(text))``: validation only). Session (generated/) is timed the same way.

Timed as a service uses them: each result dropped; ours and the anchor back to back in each round;
the figure is the median of the rounds' ratios (anchor time / our time: above 1 means ours is
faster). Before timing, every decoder must accept every payload (and refuse a few invalid ones).
Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
ORDER_SCHEMA = REPO / "bench" / "schemas" / "order.schema.json"
SESSION_SCHEMA = REPO / "schema" / "session.schema.json"
TS_BENCH = REPO / "bench" / "ts" / "nested_bench.ts"


def order_payloads(count: int, note: str, seed: int = 7) -> list[dict[str, Any]]:
    """Valid orders: 1-8 lines, each payment kind, tags, and ``note`` as a string or an array."""
    rng = random.Random(seed)
    payloads = []
    for n in range(count):
        kind = ("card", "transfer", "wallet")[n % 3]
        payment: dict[str, Any]
        if kind == "card":
            payment = {"kind": "card", "brand": rng.choice(["visa", "mastercard", "amex"]), "last4": f"{rng.randrange(10000):04d}"}
        elif kind == "transfer":
            payment = {"kind": "transfer", "iban": "DE" + f"{rng.randrange(100):02d}" + "".join(rng.choice("0123456789ABC") for _ in range(18))}
            if rng.random() < 0.5:
                payment["reference"] = f"invoice {n}"
        else:
            payment = {"kind": "wallet", "provider": rng.choice(["paypal", "applepay", "googlepay"]), "account": f"acct-{n}"}
        lines = []
        for index in range(rng.randint(1, 8)):
            line: dict[str, Any] = {"sku": f"SKU-{rng.randrange(100000)}", "quantity": rng.randint(1, 20),
                                    "unit_price": round(rng.uniform(0.5, 500), 2)}
            if rng.random() < 0.3:
                line["discount"] = round(rng.random(), 2)
            lines.append(line)
        order: dict[str, Any] = {
            "id": f"ord_{rng.getrandbits(48):012x}",
            "status": rng.choice(["new", "paid", "shipped", "cancelled"]),
            "created": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
                       f"{rng.randint(0, 59):02d}{rng.choice(['Z', '.123Z', '+02:00'])}",
            "customer": {"id": rng.randint(1, 10**6), "name": f"Customer {n}", "email": f"c{n}@example.com"},
            "lines": lines,
            "payment": payment,
            "tags": rng.sample(["gift", "express", "fragile", "b2b", "promo", "vip"], rng.randint(0, 3)),
            "note": f"leave at the door {n}" if note == "string" else [f"step {i}" for i in range(rng.randint(1, 4))],
        }
        if rng.random() < 0.5:
            order["customer"]["vip"] = rng.random() < 0.5
        if rng.random() < 0.7:
            order["total"] = round(sum(l["quantity"] * l["unit_price"] for l in lines), 2)
        payloads.append(order)
    return payloads


INVALID_ORDERS = [
    lambda o: {**o, "id": "x"},
    lambda o: {**o, "tags": ["gift", "gift"]},
    lambda o: {**o, "lines": [{**o["lines"][0], "quantity": 0}]},
    lambda o: {**o, "payment": {"kind": "card", "brand": "visa", "last4": "12345"}},
    lambda o: {**o, "note": "x" * 501},
    lambda o: {**o, "customer": {**o["customer"], "email": "no at sign"}},
]


# What a generated module's from_json would import as its accelerator: blocked, it reads JSON with
# the standard library alone.
_NO_ACCELERATOR = {"msgspec": None, "msgspec.json": None, "orjson": None}


def _import(path: Path, name: str, *, stdlib_only: bool = False) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    with mock.patch.dict(sys.modules, _NO_ACCELERATOR if stdlib_only else {}):
        spec.loader.exec_module(module)
    return module


def _accelerator(module: ModuleType) -> str:
    fast = getattr(module, "_FAST_JSON", None)
    return "stdlib only" if fast is None else f"{fast[0]} accelerator"


def _pydantic_models(schema: Path, out: Path, name: str) -> ModuleType:
    subprocess.run(
        [str(Path(sys.executable).parent / "datamodel-codegen"), "--input", str(schema), "--input-file-type", "jsonschema",
         "--output", str(out), "--output-model-type", "pydantic_v2.BaseModel", "--field-constraints",
         "--use-annotated", "--target-python-version", "3.11", "--disable-timestamp"],
        check=True, capture_output=True, text=True,
    )
    text = out.read_text("utf-8")
    if "tags: Annotated[list[Tag] | None, Field(max_length=10)]" in text:
        # datamodel-code-generator drops uniqueItems (or, as an option, makes a set, which drops
        # duplicates silently): the same constraint, added as an after-validator.
        text = text.replace("tags: Annotated[list[Tag] | None, Field(max_length=10)]",
                            "tags: Annotated[list[Tag] | None, Field(max_length=10), AfterValidator(_unique_items)]")
        text = text.replace("from pydantic import ", "from pydantic import AfterValidator, ", 1)
        text += (
            "\n\ndef _unique_items(items: list[Tag] | None) -> list[Tag] | None:\n"
            "    if items is not None and len({item.root for item in items}) != len(items):\n"
            "        raise ValueError('items are not unique')\n"
            "    return items\n\n\nOrder.model_rebuild()\n"
        )
        out.write_text(text, "utf-8")
    return _import(out, name)


def _rounds(ours: Callable[[], None], anchor: Callable[[], None], rounds: int) -> tuple[float, float, float]:
    """Median of the rounds' anchor/ours ratios, and the best time of each (seconds)."""
    ratios, mine, theirs = [], [], []
    for _ in range(rounds):
        start = time.perf_counter()
        ours()
        middle = time.perf_counter()
        anchor()
        end = time.perf_counter()
        mine.append(middle - start)
        theirs.append(end - middle)
        ratios.append((end - middle) / (middle - start))
    return statistics.median(ratios), min(mine), min(theirs)


def _loop(function: Callable[[Any], Any], items: list[Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            function(item)  # each result dropped, as a request handler drops it

    return run


def python_bench(work: Path, count: int, rounds: int) -> list[str]:
    from schemasmith import Settings, generate  # noqa: PLC0415

    lines = []
    generate(ORDER_SCHEMA, work / "order", ("python",), Settings())
    ours = _import(work / "order" / "python" / "order.py", "bench_order")
    ours_stdlib = _import(work / "order" / "python" / "order.py", "bench_order_stdlib", stdlib_only=True)
    theirs = _pydantic_models(ORDER_SCHEMA, work / "order_pydantic.py", "bench_order_pydantic")
    session = _import(REPO / "generated" / "python" / "session.py", "bench_session")
    session_stdlib = _import(REPO / "generated" / "python" / "session.py", "bench_session_stdlib", stdlib_only=True)
    sys.path.insert(0, str(REPO / "bench"))
    # Session's anchor is bench/codegen_bench.py's pydantic model, written to do what the generated
    # Session does (keep undeclared properties, parse the date-time), as the recorded figures use.
    from codegen_bench import PydanticSession, make_payloads  # noqa: PLC0415

    for branch in ("string", "array"):
        payloads = order_payloads(count, branch)
        texts = [json.dumps(p) for p in payloads]
        for p in payloads:
            ours.Order.from_dict(p)
            theirs.Order.model_validate(p)
        for make in INVALID_ORDERS:
            bad = make(payloads[0])
            for load, error in ((ours.Order.from_dict, ours.SchemaValidationError), (theirs.Order.model_validate, Exception)):
                try:
                    load(bad)
                except error:
                    continue
                raise SystemExit(f"{load.__qualname__} accepted an invalid order: {json.dumps(bad)[:200]}")
        ratio, mine, other = _rounds(_loop(ours.Order.from_dict, payloads), _loop(theirs.Order.model_validate, payloads), rounds)
        lines.append(f"| nested order, note {branch} | from_dict vs model_validate | {count / mine:,.0f} | {count / other:,.0f} | {ratio:.2f}× |")
        for module in (ours_stdlib, ours):
            ratio, mine, other = _rounds(_loop(module.Order.from_json, texts), _loop(theirs.Order.model_validate_json, texts), rounds)
            lines.append(f"| nested order, note {branch} | from_json ({_accelerator(module)}) vs model_validate_json "
                         f"| {count / mine:,.0f} | {count / other:,.0f} | {ratio:.2f}× |")
    sessions = make_payloads(count)
    session_texts = [json.dumps(p) for p in sessions]
    for p in sessions:
        session.Session.from_dict(p)
        PydanticSession.model_validate(p)
    ratio, mine, other = _rounds(_loop(session.Session.from_dict, sessions), _loop(PydanticSession.model_validate, sessions), rounds)
    lines.append(f"| Session | from_dict vs model_validate | {count / mine:,.0f} | {count / other:,.0f} | {ratio:.2f}× |")
    for module in (session_stdlib, session):
        ratio, mine, other = _rounds(_loop(module.Session.from_json, session_texts),
                                     _loop(PydanticSession.model_validate_json, session_texts), rounds)
        lines.append(f"| Session | from_json ({_accelerator(module)}) vs model_validate_json | {count / mine:,.0f} "
                     f"| {count / other:,.0f} | {ratio:.2f}× |")
    return lines


def typescript_bench(work: Path, count: int, rounds: int) -> list[str]:
    from schemasmith import Settings, generate  # noqa: PLC0415

    sys.path.insert(0, str(REPO / "bench"))
    from codegen_bench import make_payloads  # noqa: PLC0415

    build = work / "ts"
    build.mkdir()
    generate(ORDER_SCHEMA, work / "order", ("typescript",), Settings())
    (build / "order.ts").write_text((work / "order" / "typescript" / "order.ts").read_text("utf-8"), "utf-8")
    (build / "session.ts").write_text((REPO / "generated" / "typescript" / "session.ts").read_text("utf-8"), "utf-8")
    (build / "nested_bench.ts").write_text(TS_BENCH.read_text("utf-8"), "utf-8")
    payloads = {
        "string": [json.dumps(p) for p in order_payloads(count, "string")],
        "array": [json.dumps(p) for p in order_payloads(count, "array")],
        "session": [json.dumps(p) for p in make_payloads(count)],
        "invalid": [json.dumps(make(order_payloads(1, "string")[0])) for make in INVALID_ORDERS],
    }
    (build / "payloads.json").write_text(json.dumps(payloads), "utf-8")
    config = {"compilerOptions": {"strict": True, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
                                  "outDir": str(build / "out"), "rootDir": str(build), "skipLibCheck": True,
                                  "typeRoots": [str(REPO / "node_modules" / "@types")], "types": ["node"]},
              "files": [str(build / f) for f in ("order.ts", "session.ts", "nested_bench.ts")]}
    (build / "tsconfig.json").write_text(json.dumps(config), "utf-8")
    (build / "package.json").write_text('{"type": "module"}', "utf-8")
    (build / "node_modules").symlink_to(REPO / "node_modules")
    compiled = subprocess.run([str(REPO / "node_modules" / ".bin" / "tsc"), "-p", str(build / "tsconfig.json")],
                              capture_output=True, text=True)
    if compiled.returncode != 0:
        raise SystemExit(compiled.stdout + compiled.stderr)
    ran = subprocess.run(["node", str(build / "out" / "nested_bench.js"), str(build / "payloads.json"),
                          str(ORDER_SCHEMA), str(SESSION_SCHEMA), str(rounds)],
                         capture_output=True, text=True, cwd=build)
    if ran.returncode != 0:
        raise SystemExit(ran.stderr)
    rows = json.loads(ran.stdout)
    return [f"| {r['case']} | {r['pair']} | {r['ours']:,.0f} | {r['anchor']:,.0f} | {r['ratio']:.2f}× |" for r in rows]


def machine() -> str:
    from importlib import metadata  # noqa: PLC0415

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("Model name")), "?")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("pydantic", "datamodel-code-generator"))
    npm = json.loads((REPO / "package.json").read_text("utf-8"))["devDependencies"]
    return (f"machine: {model}, {os.cpu_count()} cores; Python {sys.version.split()[0]}, Node {node}; {versions}; "
            f"zod {npm['zod']}, ajv {npm['ajv']}, ajv-formats {npm['ajv-formats']}; "
            f"load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds, count = (3, 500) if args.quick else (args.rounds, args.count)
    header = ["| payloads | ours vs anchor | ours docs/s (best round) | anchor docs/s (best round) | median ratio |",
              "| --- | --- | ---: | ---: | ---: |"]
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        lines = python_bench(work, count, rounds)
        print("\n".join(["Python", *header, *lines]), flush=True)
        ts = typescript_bench(work, count, rounds)
        print("\n".join(["", "TypeScript (Node)", *header, *ts]))
    print(f"\nload average at end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
