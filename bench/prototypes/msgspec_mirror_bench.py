"""Prototype (issue 24, not part of the generator): from_json through msgspec Structs that mirror the
generated models, timed against pydantic's model_validate_json as bench/nested_bench.py times it.

    .venv/bin/python bench/prototypes/msgspec_mirror_bench.py [--rounds N] [--count N]

Each mirror decodes the text into Structs (types, required, enums, bounds, lengths, the tagged
union and unknown fields checked in C), then builds the generated dataclasses from them in Python
(patterns, uniqueItems and date-times checked there: msgspec runs a pattern through a Python call
per value, about twice the cost of calling it from Python). Any refusal falls back to today's
from_json, which gives the verdict and the message. Before timing, every payload must give an
object equal to today's from_json.

Rows: the order model (generated into a temporary folder) with a generic builder driven by a spec
table, and with builders written out per model (what per-model generated bodies would do); Session
(generated/) with its undeclared properties falling back ("forbid"), on the bench's payloads (40%
carry undeclared properties) and on each part. Nothing here is asserted or recorded.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta
from msgspec.structs import asdict

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from codegen_bench import PydanticSession, make_payloads
from nested_bench import ORDER_SCHEMA, _pydantic_models, order_payloads

_new = object.__new__


class Refused(Exception):
    """A check the builder runs failed: today's path decides."""


_REFUSED = (msgspec.ValidationError, msgspec.DecodeError, UnicodeEncodeError, Refused)


def _int(**bounds: int) -> Any:
    # Beyond 64 bits the Struct refuses, so integers beyond a double take today's path (the policy).
    return Annotated[int, Meta(**{"ge": -(2**63), "le": 2**63 - 1, **bounds})]


def _num(**bounds: float) -> Any:
    # int | float keeps a JSON integer an int, as today's loader does.
    return _int(**bounds) | (Annotated[float, Meta(**bounds)] if bounds else float)


def _str(**constraints: Any) -> Any:
    return Annotated[str, Meta(**constraints)] if constraints else str


def _struct(name: str, fields: list[tuple[Any, ...]], unset: object, **options: Any) -> Any:
    required = [(n, t) for n, t, *optional in fields if not optional]
    optional = [(n, t, unset) for n, t, *o in fields if o]
    return msgspec.defstruct(name, required + optional, forbid_unknown_fields=True, kw_only=True, gc=False, **options)


def order_mirror(o: ModuleType) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """(generic, per-model) from_json for the generated order module ``o``."""
    unset = o.UNSET
    customer = _struct("Customer", [("id", _int(ge=1)), ("name", _str(min_length=1, max_length=100)),
                                    ("email", _str(max_length=254)), ("vip", bool, 1)], unset)
    line = _struct("Line", [("sku", str), ("quantity", _int(ge=1, le=1000)), ("unit_price", _num(ge=0)),
                            ("discount", _num(ge=0, le=1), 1)], unset)
    card = _struct("Card", [("brand", Literal["visa", "mastercard", "amex"]), ("last4", str)], unset, tag_field="kind", tag="card")
    transfer = _struct("Transfer", [("iban", str), ("reference", _str(max_length=140), 1)], unset, tag_field="kind", tag="transfer")
    wallet = _struct("Wallet", [("provider", Literal["paypal", "applepay", "googlepay"]),
                                ("account", _str(min_length=3, max_length=64))], unset, tag_field="kind", tag="wallet")
    order = _struct("Order", [
        ("id", str), ("status", Literal["new", "paid", "shipped", "cancelled"]), ("created", str), ("customer", customer),
        ("lines", Annotated[list[line], Meta(min_length=1, max_length=100)]), ("payment", card | transfer | wallet),
        ("tags", Annotated[list[_str(max_length=20)], Meta(max_length=10)], 1),
        ("note", _str(max_length=500) | Annotated[list[_str(max_length=100)], Meta(max_length=5)], 1),
        ("total", _num(ge=0), 1)], unset)
    decode = msgspec.json.Decoder(order).decode

    def date_time(value: str) -> Any:
        try:
            return o._date_time(value, "", "")
        except o.SchemaValidationError:
            raise Refused from None

    def unique(items: list[str]) -> list[str]:
        if len(set(items)) != len(items):
            raise Refused
        return items

    # The generic builder: per Struct (dataclass, constants such as a tag, conversions, pattern checks).
    build: dict[Any, Callable[[Any], Any]] = {}

    def model(value: Any) -> Any:
        return build[type(value)](value)

    def models(values: list[Any]) -> list[Any]:
        return list(map(model, values))

    def builder(cls: type, constants: dict[str, str], conversions: tuple[tuple[str, Callable[[Any], Any]], ...],
                checks: tuple[tuple[str, Callable[[str], Any]], ...]) -> Callable[[Any], Any]:
        def run(struct: Any) -> Any:
            for name, search in checks:
                value = getattr(struct, name)
                if value is not unset and search(value) is None:
                    raise Refused
            fields = asdict(struct)
            if constants:
                fields.update(constants)
            for name, convert in conversions:
                value = fields[name]
                if value is not unset:
                    fields[name] = convert(value)
            instance = _new(cls)
            instance.__dict__ = fields
            return instance

        return run

    spec = {
        order: (o.Order, {}, (("created", date_time), ("customer", model), ("lines", models), ("payment", model), ("tags", unique)),
                (("id", o._Order_id_pattern.search),)),
        customer: (o.Customer, {}, (), (("email", o._Customer_email_pattern.search),)),
        line: (o.Line, {}, (), (("sku", o._Line_sku_pattern.search),)),
        card: (o.Card, {"kind": "card"}, (), (("last4", o._Card_last4_pattern.search),)),
        transfer: (o.Transfer, {"kind": "transfer"}, (), (("iban", o._Transfer_iban_pattern.search),)),
        wallet: (o.Wallet, {"kind": "wallet"}, (), ()),
    }
    for struct, entry in spec.items():
        build[struct] = builder(*entry)
    build_order = build[order]

    def generic(text: str) -> Any:
        try:
            return build_order(decode(text))
        except _REFUSED:
            return o.Order.from_json(text)

    # The same, written out per model.
    sku, email, order_id = o._Line_sku_pattern.search, o._Customer_email_pattern.search, o._Order_id_pattern.search
    last4, iban = o._Card_last4_pattern.search, o._Transfer_iban_pattern.search

    def h_line(m: Any) -> Any:
        if sku(m.sku) is None:
            raise Refused
        instance = _new(o.Line)
        instance.__dict__ = asdict(m)
        return instance

    def h_customer(m: Any) -> Any:
        if email(m.email) is None:
            raise Refused
        instance = _new(o.Customer)
        instance.__dict__ = asdict(m)
        return instance

    def h_tagged(cls: type, tag: str, check: Callable[[Any], bool]) -> Callable[[Any], Any]:
        def run(m: Any) -> Any:
            if not check(m):
                raise Refused
            fields = asdict(m)
            fields["kind"] = tag
            instance = _new(cls)
            instance.__dict__ = fields
            return instance

        return run

    payment = {card: h_tagged(o.Card, "card", lambda m: last4(m.last4) is not None),
               transfer: h_tagged(o.Transfer, "transfer", lambda m: iban(m.iban) is not None),
               wallet: h_tagged(o.Wallet, "wallet", lambda m: True)}

    def h_order(m: Any) -> Any:
        if order_id(m.id) is None:
            raise Refused
        fields = asdict(m)
        fields["created"] = date_time(fields["created"])
        fields["customer"] = h_customer(fields["customer"])
        fields["lines"] = list(map(h_line, fields["lines"]))
        value = fields["payment"]
        fields["payment"] = payment[type(value)](value)
        tags = fields["tags"]
        if tags is not unset and len(set(tags)) != len(tags):
            raise Refused
        instance = _new(o.Order)
        instance.__dict__ = fields
        return instance

    def per_model(text: str) -> Any:
        try:
            return h_order(decode(text))
        except _REFUSED:
            return o.Order.from_json(text)

    return generic, per_model


def session_mirror(s: ModuleType) -> Callable[[str], Any]:
    """Session's from_json: undeclared properties (the model keeps them) make the Struct refuse."""
    unset = s.UNSET
    fields: list[tuple[Any, ...]] = [("timestamp", str)]
    for f in s.dataclasses.fields(s.Session):
        if f.name in ("timestamp", "additional_properties"):
            continue
        kind = {"duration": _num(), "is_legacy": bool, "is_test": bool}.get(f.name, str)
        fields.append((f.name, kind | None, 1))
    decode = msgspec.json.Decoder(_struct("Session", fields, unset)).decode
    cls, date_time = s.Session, s._date_time

    def from_json(text: str) -> Any:
        try:
            values = asdict(decode(text))
            values["timestamp"] = date_time(values["timestamp"], "", "timestamp")
        except (*_REFUSED, s.SchemaValidationError):
            return cls.from_json(text)
        values["additional_properties"] = {}
        instance = _new(cls)
        instance.__dict__ = values
        return instance

    return from_json


def _import(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _ratio(ours: Callable[[str], Any], anchor: Callable[[str], Any], texts: list[str], rounds: int) -> tuple[float, float]:
    ratios, best = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            ours(text)
        middle = time.perf_counter()
        for text in texts:
            anchor(text)
        end = time.perf_counter()
        ratios.append((end - middle) / (middle - start))
        best.append(middle - start)
    return statistics.median(ratios), len(texts) / min(best)


def main() -> None:
    from schemasmith import Settings, generate

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--count", type=int, default=4000)
    args = parser.parse_args()
    print(f"load average at start: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| payloads | from_json | docs/s (best round) | median ratio vs model_validate_json |\n| --- | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        generate(ORDER_SCHEMA, work / "order", ("python",), Settings())
        o = _import(work / "order" / "python" / "order.py", "proto_order")
        pydantic_order = _pydantic_models(ORDER_SCHEMA, work / "order_pydantic.py", "proto_order_pydantic").Order
        generic, per_model = order_mirror(o)
        for branch in ("string", "array"):
            texts = [json.dumps(p) for p in order_payloads(args.count, branch)]
            for text in texts:
                assert generic(text) == per_model(text) == o.Order.from_json(text), text
            for name, load in (("today", o.Order.from_json), ("mirror, generic builder", generic), ("mirror, per-model builders", per_model)):
                ratio, rate = _ratio(load, pydantic_order.model_validate_json, texts, args.rounds)
                print(f"| order, note {branch} | {name} | {rate:,.0f} | {ratio:.2f}x |", flush=True)
    s = _import(REPO / "generated" / "python" / "session.py", "proto_session")
    mirror = session_mirror(s)
    payloads = make_payloads(args.count)
    declared = {f.name for f in s.dataclasses.fields(s.Session)}
    parts = {"all (40% undeclared)": payloads, "declared only": [p for p in payloads if set(p) <= declared],
             "with undeclared": [p for p in payloads if not set(p) <= declared]}
    for part, chosen in parts.items():
        texts = [json.dumps(p) for p in chosen]
        for text in texts:
            assert mirror(text) == s.Session.from_json(text), text
        for name, load in (("today", s.Session.from_json), ("mirror (undeclared: today's path)", mirror)):
            ratio, rate = _ratio(load, PydanticSession.model_validate_json, texts, args.rounds)
            print(f"| Session, {part} | {name} | {rate:,.0f} | {ratio:.2f}x |", flush=True)
    print(f"load average at end: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
