"""Benchmark the generated Session decoders against the libraries people would otherwise use.

One command, from the repository root:

    .venv/bin/python bench/codegen_bench.py            # run, print, update bench/RESULTS.md
    .venv/bin/python bench/codegen_bench.py --no-write # run and print only
    .venv/bin/python bench/codegen_bench.py --quick    # fewer rounds, for a smoke run
    .venv/bin/python bench/codegen_bench.py --ts-only --ts-baseline HEAD~1  # TypeScript only, and
                                                      # the generated code of HEAD~1 timed beside it

Python: ``Session.from_dict`` (generated/python/session.py) against pydantic v2 ``model_validate``
and ``msgspec.convert`` on the same decoded dicts (and, for context, the three from JSON text).
TypeScript: ``sessionFromJSON`` (generated/typescript/session.ts) against an equivalent zod 4
schema, compiled with the lockfile's ``tsc`` into a temporary folder and run with Node on the same
JSON texts.

The payloads are a deterministic mix (seeded random) of realistic Session documents: optional
properties present or absent, some null, undeclared extra properties (scalars and nested objects),
timestamps with "Z" or an offset and with 0, 3 or 6 fraction digits.

Before timing, a sanity check (printed, not a test): all decoders accept every benchmark payload
and decode it to the same values, and all refuse the same set of invalid payloads. An edge-case
probe prints where the decoders' notions of validity still differ. Timings are the best of several
rounds, the decoders interleaved round by round, so every ratio comes from one run on one machine
state. Nothing here is a test: no figure is asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import timeit
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import msgspec
import pydantic
import results_section
from pydantic import BaseModel, ConfigDict
from pydantic_core import core_schema

REPO = Path(__file__).resolve().parent.parent
GENERATED_PY = REPO / "generated" / "python" / "session.py"
GENERATED_TS = REPO / "generated" / "typescript" / "session.ts"
BENCH_TS = REPO / "bench" / "ts" / "session_bench.ts"
RESULTS = REPO / "bench" / "RESULTS.md"
SECTION = "## Generated code"
# A hand-written subsection of SECTION that a rerun keeps (profiling notes and suggestions).
KEPT = "### Profiling notes"

SEED = 20250925
TARGET_VS_PYDANTIC = 1.5


def load_generated() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generated_session", GENERATED_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks the module up while building the class
    spec.loader.exec_module(module)
    return module


gen = load_generated()
Session = gen.Session

# --------------------------------------------------------------------------------------------
# The competitors, made as strict as the schema.
#
# Schema semantics (and the generated code's): strings, booleans and numbers are not coerced into
# each other; `true` is not a number; NaN/Infinity are refused; the timestamp is a string holding an
# RFC 3339 date-time with a required offset; every other property may be absent or null, and absent
# is kept apart from null; undeclared properties are allowed and kept.
#
# Remaining differences, none of which occurs in the benchmark payloads (the edge-case probe below
# prints them as measured):
# * date-time syntax: pydantic (speedate) and msgspec also accept a space for "T" and an offset
#   without a colon ("+0530"), which RFC 3339 does not; pydantic and msgspec refuse a leap second
#   (23:59:60Z), which RFC 3339 and the generated code accept; msgspec rounds more than 6 fraction
#   digits where the generated code truncates.
# * numbers: pydantic and msgspec turn an integer `duration` into a float (3 -> 3.0); the generated
#   code keeps the int it was given (JSON Schema's number includes integers).
# * unknown properties: msgspec has no way to keep them (forbid_unknown_fields=False only ignores
#   them), so it does less work than the other two; pydantic keeps them (extra="allow").
# * absent vs null: the generated code and msgspec use an UNSET sentinel; pydantic defaults to None
#   and records presence in model_fields_set, which the sanity check uses.
# * errors: pydantic collects every error, msgspec and the generated code stop at the first one
#   (only valid payloads are timed, so this costs nothing here).
# --------------------------------------------------------------------------------------------


class _Rfc3339String:
    """A timestamp that must arrive as a string (strict str), then parsed as an aware datetime.

    A chain of two core validators, both in pydantic-core (Rust): no Python callback is involved,
    so this costs pydantic nothing beyond its own datetime parsing. Plain lax ``AwareDatetime``
    would also take numbers (Unix time) and strict mode would refuse strings in Python mode.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True),
                core_schema.datetime_schema(tz_constraint="aware", strict=False),
            ]
        )


class PydanticSession(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", allow_inf_nan=False)

    timestamp: Annotated[dt.datetime, _Rfc3339String]
    session_id: str | None = None
    conversation_id: str | None = None
    channel_manager_service: str | None = None
    channel_manager_type: str | None = None
    channel_manager_sid: str | None = None
    agent_id: str | None = None
    agent_name: str | None = None
    agent_type: str | None = None
    agent_timezone: str | None = None
    prompt_id: str | None = None
    prompt_name: str | None = None
    prompt_version: str | None = None
    duration: float | None = None
    session_label_id: str | None = None
    source: str | None = None
    target: str | None = None
    is_legacy: bool | None = None
    is_test: bool | None = None


AwareDateTime = Annotated[dt.datetime, msgspec.Meta(tz=True)]
# msgspec's float takes NaN/Infinity; finite bounds refuse them, as the schema and JSON do.
FiniteFloat = Annotated[float, msgspec.Meta(ge=-sys.float_info.max, le=sys.float_info.max)]
_U = msgspec.UnsetType
_UNSET = msgspec.UNSET


class MsgspecSession(msgspec.Struct, forbid_unknown_fields=False):
    timestamp: AwareDateTime
    session_id: str | None | _U = _UNSET
    conversation_id: str | None | _U = _UNSET
    channel_manager_service: str | None | _U = _UNSET
    channel_manager_type: str | None | _U = _UNSET
    channel_manager_sid: str | None | _U = _UNSET
    agent_id: str | None | _U = _UNSET
    agent_name: str | None | _U = _UNSET
    agent_type: str | None | _U = _UNSET
    agent_timezone: str | None | _U = _UNSET
    prompt_id: str | None | _U = _UNSET
    prompt_name: str | None | _U = _UNSET
    prompt_version: str | None | _U = _UNSET
    duration: FiniteFloat | None | _U = _UNSET
    session_label_id: str | None | _U = _UNSET
    source: str | None | _U = _UNSET
    target: str | None | _U = _UNSET
    is_legacy: bool | None | _U = _UNSET
    is_test: bool | None | _U = _UNSET


DECLARED = tuple(PydanticSession.model_fields)
assert DECLARED == tuple(MsgspecSession.__struct_fields__)
# The generated class's Python names equal the wire names for this schema.
_GENERATED_FIELDS = tuple(f.name for f in dataclasses.fields(Session) if f.name != "additional_properties")
assert _GENERATED_FIELDS == DECLARED, f"the schema changed: update the competitors ({_GENERATED_FIELDS})"

_msgspec_json_decoder = msgspec.json.Decoder(MsgspecSession)

DICT_DECODERS: dict[str, Callable[[Any], Any]] = {
    "ours": Session.from_dict,
    "pydantic": PydanticSession.model_validate,
    "msgspec": lambda d: msgspec.convert(d, MsgspecSession),
}
TEXT_DECODERS: dict[str, Callable[[str], Any]] = {
    "ours": Session.from_json,
    "pydantic": PydanticSession.model_validate_json,
    "msgspec": _msgspec_json_decoder.decode,
}

# --------------------------------------------------------------------------------------------
# Payloads
# --------------------------------------------------------------------------------------------

_OFFSETS = ["Z", "Z", "Z", "+00:00", "-04:00", "-05:00", "-08:00", "+01:00", "+05:30", "+09:00"]
_SERVICES = ["hedy", "console", "twilio", "webchat"]
_TYPES = ["voice_sip_v1", "voice_twilio_v1", "web_chat_v1"]
_AGENTS = ["Front desk", "Billing helper", "Appointment scheduler", "After-hours line", "Pharmacy refills"]
_AGENT_TYPES = ["ca_v1", "voice_v2", "chat_v1"]
_TIMEZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "UTC"]
_PROMPTS = ["Greeting and triage", "Billing FAQ", "Scheduling flow", "Refill requests"]
_LABELS = [None, "12", "57", "301"]


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _timestamp(rng: random.Random) -> str:
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    instant = start + dt.timedelta(seconds=rng.randrange(0, 2 * 365 * 86400), microseconds=rng.randrange(10**6))
    offset = rng.choice(_OFFSETS)
    if offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        minutes = sign * (int(offset[1:3]) * 60 + int(offset[4:6]))
        instant = instant.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
    digits = rng.choice([0, 3, 3, 6])
    text = instant.strftime("%Y-%m-%dT%H:%M:%S")
    if digits:
        text += "." + f"{instant.microsecond:06d}"[:digits]
    return text + offset


def _phone(rng: random.Random) -> str:
    return "+1" + "".join(rng.choice("0123456789") for _ in range(10))


def _value(rng: random.Random, name: str) -> Any:
    """A realistic value for a declared property."""
    if name == "session_id":
        return str(rng.randrange(10**6, 10**8))
    if name == "conversation_id":
        return "conv_" + _hex(rng, 24)
    if name == "channel_manager_service":
        return rng.choice(_SERVICES)
    if name == "channel_manager_type":
        return rng.choice(_TYPES)
    if name == "channel_manager_sid":
        return "CA" + _hex(rng, 32)
    if name in ("agent_id", "prompt_id"):
        return str(rng.randrange(1, 5000))
    if name == "agent_name":
        return rng.choice(_AGENTS)
    if name == "agent_type":
        return rng.choice(_AGENT_TYPES)
    if name == "agent_timezone":
        return rng.choice(_TIMEZONES)
    if name == "prompt_name":
        return rng.choice(_PROMPTS)
    if name == "prompt_version":
        return str(rng.randrange(1, 40))
    if name == "duration":
        # Mostly fractional seconds; a few whole numbers (JSON integers, valid numbers).
        return rng.randrange(5, 3600) if rng.random() < 0.1 else round(rng.uniform(0.5, 3600.0), 3)
    if name == "session_label_id":
        return rng.choice(_LABELS[1:])
    if name == "source":
        return _phone(rng) if rng.random() < 0.7 else f"user{rng.randrange(1000)}@example.com"
    if name == "target":
        return _phone(rng) if rng.random() < 0.8 else "web"
    if name in ("is_legacy", "is_test"):
        return rng.random() < (0.05 if name == "is_legacy" else 0.2)
    raise AssertionError(name)


def _extras(rng: random.Random) -> dict[str, Any]:
    pool: list[tuple[str, Callable[[], Any]]] = [
        ("language", lambda: rng.choice(["en-US", "es-US", "fr-CA"])),
        ("prompt_version_number", lambda: rng.randrange(1, 40)),
        ("sentiment_score", lambda: round(rng.uniform(-1, 1), 4)),
        ("recording_url", lambda: f"https://recordings.example.com/{_hex(rng, 16)}.wav"),
        ("metadata", lambda: {"campaign": rng.choice(["spring", "renewal"]), "tags": ["ivr", "inbound"][: rng.randrange(3)], "attempt": rng.randrange(1, 4)}),
        ("transferred", lambda: rng.random() < 0.3),
        ("caller_name", lambda: None),
    ]
    return {name: make() for name, make in rng.sample(pool, rng.randrange(1, 4))}


def make_payloads(count: int, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    payloads = []
    for _ in range(count):
        doc: dict[str, Any] = {"timestamp": _timestamp(rng)}
        for name in DECLARED[1:]:
            if rng.random() < 0.75:  # present
                doc[name] = None if rng.random() < 0.15 else _value(rng, name)
        if rng.random() < 0.4:
            doc.update(_extras(rng))
        # Key order varies on the wire too.
        items = list(doc.items())
        if rng.random() < 0.3:
            rng.shuffle(items)
        payloads.append(dict(items))
    return payloads


_TS = "2025-09-25T22:48:13.771Z"

# Invalid for the schema, and refused by every decoder (the sanity check verifies it).
INVALID: list[tuple[str, Any]] = [
    ("not an object", [{"timestamp": _TS}]),
    ("timestamp missing", {"session_id": "1"}),
    ("timestamp is a number (Unix time)", {"timestamp": 1758840493}),
    ("timestamp without offset", {"timestamp": "2025-09-25T22:48:13.771"}),
    ("timestamp date only", {"timestamp": "2025-09-25"}),
    ("timestamp day out of range", {"timestamp": "2025-02-29T10:00:00Z"}),
    ("timestamp offset hour 24", {"timestamp": "2025-09-25T22:48:13+24:00"}),
    ("timestamp null", {"timestamp": None}),
    ("duration true", {"timestamp": _TS, "duration": True}),
    ("duration numeric string", {"timestamp": _TS, "duration": "12.5"}),
    ("session_id integer", {"timestamp": _TS, "session_id": 123}),
    ("agent_name object", {"timestamp": _TS, "agent_name": {"first": "x"}}),
    ("is_test 1", {"timestamp": _TS, "is_test": 1}),
    ("is_test string", {"timestamp": _TS, "is_test": "true"}),
]
# Only as decoded dicts: JSON text cannot carry them.
INVALID_DICT_ONLY: list[tuple[str, Any]] = [
    ("duration NaN", {"timestamp": _TS, "duration": math.nan}),
    ("duration Infinity", {"timestamp": _TS, "duration": math.inf}),
]

# Where the decoders' notions of validity differ (printed and recorded, never in the timed set).
EDGE_PROBE: list[tuple[str, str, bool]] = [
    # (label, timestamp, valid per RFC 3339 and the schema)
    ("lower-case t and z", "2025-09-25t22:48:13z", True),
    ("leap second 23:59:60Z", "2016-12-31T23:59:60Z", True),
    ("7 fraction digits", "2025-09-25T22:48:13.1234567Z", True),
    ("space instead of T", "2025-09-25 22:48:13Z", False),
    ("offset without colon", "2025-09-25T22:48:13+0530", False),
    ("offset minute 60", "2025-09-25T22:48:13+05:60", False),
    ("no seconds", "2025-09-25T22:48Z", False),
]

# --------------------------------------------------------------------------------------------
# Sanity check
# --------------------------------------------------------------------------------------------


def _instant(value: dt.datetime) -> tuple[str, float | None]:
    offset = value.utcoffset()
    return value.astimezone(dt.timezone.utc).isoformat(), None if offset is None else offset.total_seconds()


def _normal(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)  # pydantic and msgspec give floats for integer durations
    return value


def normalized(result: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(declared properties present, with values) and the kept extras (None: not kept)."""
    if isinstance(result, Session):
        declared = {n: getattr(result, n) for n in DECLARED if getattr(result, n) is not gen.UNSET}
        extras: dict[str, Any] | None = dict(result.additional_properties)
    elif isinstance(result, PydanticSession):
        declared = {n: getattr(result, n) for n in DECLARED if n in result.model_fields_set}
        extras = dict(result.__pydantic_extra__ or {})
    else:
        declared = {n: getattr(result, n) for n in DECLARED if getattr(result, n) is not _UNSET}
        extras = None
    return {k: _normal(v) for k, v in declared.items()}, extras


def _accepts(decode: Callable[[Any], Any], payload: Any) -> bool:
    try:
        decode(payload)
    except (ValueError, pydantic.ValidationError, msgspec.ValidationError, msgspec.DecodeError):
        return False
    return True


def sanity(payloads: list[dict[str, Any]], texts: list[str]) -> dict[str, Any]:
    problems: list[str] = []
    same = 0
    for index, (payload, text) in enumerate(zip(payloads, texts)):
        results = {}
        for name, decode in DICT_DECODERS.items():
            try:
                results[name] = normalized(decode(payload))
            except Exception as error:  # noqa: BLE001 - reported, not raised
                problems.append(f"payload {index}: {name}.from dict refused it: {error}")
        for name, decode_text in TEXT_DECODERS.items():
            try:
                decode_text(text)
            except Exception as error:  # noqa: BLE001
                problems.append(f"payload {index}: {name} from JSON text refused it: {error}")
        if len(results) == 3:
            ours_declared, ours_extra = results["ours"]
            ok = all(results[n][0] == ours_declared for n in ("pydantic", "msgspec"))
            ok = ok and results["pydantic"][1] == ours_extra
            ok = ok and ours_declared.keys() == {k for k in payload if k in DECLARED}
            if ok:
                same += 1
            else:
                problems.append(f"payload {index}: decoded values differ: {results}")
    refused = {name: 0 for name in DICT_DECODERS}
    invalid_cases = INVALID + INVALID_DICT_ONLY
    for label, payload in invalid_cases:
        for name, decode in DICT_DECODERS.items():
            if _accepts(decode, payload):
                problems.append(f"invalid payload {label!r} accepted by {name}")
            else:
                refused[name] += 1
        for name, decode_text in TEXT_DECODERS.items():
            if label not in dict(INVALID_DICT_ONLY) and _accepts(decode_text, json.dumps(payload)):
                problems.append(f"invalid JSON text {label!r} accepted by {name}")
    probe = []
    for label, timestamp, valid in EDGE_PROBE:
        verdicts = {name: _accepts(decode, {"timestamp": timestamp}) for name, decode in DICT_DECODERS.items()}
        probe.append({"label": label, "timestamp": timestamp, "valid": valid, **verdicts})
    return {
        "valid": len(payloads),
        "same_values": same,
        "invalid": len(invalid_cases),
        "refused": refused,
        "problems": problems,
        "probe": probe,
    }


# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def _loop(decode: Callable[[Any], Any], items: list[Any]) -> Callable[[], None]:
    def run() -> None:
        for item in items:
            decode(item)

    return run


def time_decoders(
    decoders: dict[str, Callable[[Any], Any]], items: list[Any], min_seconds: float, repeat: int
) -> dict[str, dict[str, float]]:
    """Best of ``repeat`` rounds per decoder, rounds interleaved; each round at least min_seconds."""
    timers = {name: timeit.Timer(_loop(decode, items)) for name, decode in decoders.items()}
    numbers = {}
    for name, timer in timers.items():
        timer.timeit(1)  # warm caches
        number = 1
        while (elapsed := timer.timeit(number)) < min_seconds:
            number = max(number * 2, math.ceil(number * min_seconds / max(elapsed, 1e-9)))
        numbers[name] = number
    best = {name: math.inf for name in decoders}
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return {
        name: {"seconds_per_pass": best[name], "docs_per_second": len(items) / best[name], "passes": numbers[name]}
        for name in decoders
    }


# --------------------------------------------------------------------------------------------
# TypeScript
# --------------------------------------------------------------------------------------------


def run_typescript(texts: list[str], min_seconds: float, repeat: int, baseline: str | None = None) -> dict[str, Any]:
    """Time ``sessionFromJSON`` against zod; with ``baseline`` (a git revision), also the generated
    session.ts of that revision, in the same rounds."""
    tsc = REPO / "node_modules" / ".bin" / "tsc"
    node = shutil.which("node")
    if not tsc.exists() or node is None or not (REPO / "node_modules" / "zod").exists():
        raise SystemExit("node, tsc or zod missing: run `npm ci` in the repository root")
    with tempfile.TemporaryDirectory(prefix="schemasmith-bench-") as tmp:
        work = Path(tmp)
        shutil.copy(GENERATED_TS, work / "session.ts")
        shutil.copy(BENCH_TS, work / "session_bench.ts")
        files = ["session.ts", "session_bench.ts"]
        if baseline is not None:
            shown = subprocess.run(["git", "show", f"{baseline}:{GENERATED_TS.relative_to(REPO).as_posix()}"],
                                   cwd=REPO, capture_output=True, text=True)
            if shown.returncode != 0:
                raise SystemExit(f"no generated TypeScript at {baseline}: {shown.stderr.strip()}")
            (work / "session_baseline.ts").write_text(shown.stdout, "utf-8")
            files.append("session_baseline.ts")
        # Resolve "zod" and @types/node from the repository's lockfile install.
        (work / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
        (work / "package.json").write_text('{"type": "module"}', "utf-8")
        options = {
            "strict": True,
            "target": "ES2022",
            "module": "nodenext",
            "moduleResolution": "nodenext",
            "skipLibCheck": True,
            "types": ["node"],
            "outDir": str(work / "out"),
            "rootDir": str(work),
        }
        config = {"compilerOptions": options, "files": files}
        (work / "tsconfig.json").write_text(json.dumps(config), "utf-8")
        compiled = subprocess.run([str(tsc), "-p", "tsconfig.json"], cwd=work, capture_output=True, text=True)
        if compiled.returncode != 0:
            raise SystemExit(f"tsc failed:\n{compiled.stdout}{compiled.stderr}")
        shutil.copy(work / "package.json", work / "out" / "package.json")
        invalid = [json.dumps(payload) for _, payload in INVALID]
        data = {"valid": texts, "invalid": invalid, "minSeconds": min_seconds, "repeat": repeat}
        (work / "payloads.json").write_text(json.dumps(data), "utf-8")
        extra = [str(work / "out" / "session_baseline.js")] if baseline is not None else []
        ran = subprocess.run(
            [node, str(work / "out" / "session_bench.js"), str(work / "payloads.json"), *extra],
            cwd=work, capture_output=True, text=True,
        )
        if ran.returncode != 0:
            raise SystemExit(f"node failed:\n{ran.stdout}{ran.stderr}")
        result: dict[str, Any] = json.loads(ran.stdout)
        return result


# --------------------------------------------------------------------------------------------
# Machine, report
# --------------------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "missing"


def _npm_version(package: str) -> str:
    try:
        return str(json.loads((REPO / "node_modules" / package / "package.json").read_text("utf-8"))["version"])
    except (OSError, KeyError, ValueError):
        return "missing"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = shutil.which("node")
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else "missing"
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    def git(*args: str) -> str:  # read-only queries
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "generated")
    return {
        "generated code": f"commit {commit}" + (" + uncommitted changes in generated/" if dirty else ""),
        "CPU": cpu,
        "cores": f"{cores} ({usable} usable)",
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Node": node_version,
        "pydantic": f"{_version('pydantic')} (pydantic-core {_version('pydantic_core')})",
        "msgspec": _version("msgspec"),
        "zod": _npm_version("zod"),
        "TypeScript": _npm_version("typescript"),
        "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def render_section(info: dict[str, str], report: dict[str, Any]) -> str:
    py, text, ts, check = report["python_dict"], report["python_json"], report["typescript"], report["sanity"]
    ratio_p = py["ours"]["docs_per_second"] / py["pydantic"]["docs_per_second"]
    ratio_m = py["ours"]["docs_per_second"] / py["msgspec"]["docs_per_second"]
    ts_res = ts["results"]
    ratio_z = ts_res["ours"]["docsPerSecond"] / ts_res["zod"]["docsPerSecond"]
    lines = [
        SECTION,
        "",
        "Written by `.venv/bin/python bench/codegen_bench.py` (do not edit by hand; rerun it). "
        f"Run on {report['date']}, {report['payloads']} Session payloads (seed {SEED}): optional "
        "properties present or absent, some null, undeclared extras in ~40%, timestamps with `Z` or "
        "an offset and 0/3/6 fraction digits. Best of "
        f"{report['repeat']} interleaved rounds (each ≥ {report['min_seconds']} s) per decoder; "
        "every ratio comes from the same run.",
        "",
        "| machine | |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in info.items()),
        "",
        "### Python: decoded dict → typed object",
        "",
        "| decoder | docs/s | µs/doc |",
        "| --- | ---: | ---: |",
        *(
            f"| {label} | {_rate(py[n]['docs_per_second'])} | {1e6 / py[n]['docs_per_second']:.2f} |"
            for n, label in (
                ("ours", "generated `Session.from_dict`"),
                ("pydantic", "pydantic `model_validate`"),
                ("msgspec", "`msgspec.convert`"),
            )
        ),
        "",
        f"- ours / pydantic: **{ratio_p:.2f}×** (target ≥ {TARGET_VS_PYDANTIC}×: "
        f"{'met' if ratio_p >= TARGET_VS_PYDANTIC else 'missed'})",
        f"- ours / msgspec: **{ratio_m:.2f}×** (no target; msgspec is a C extension and drops extras)",
        "",
        "For context, from JSON text (`Session.from_json` = `json.loads` + `from_dict`; pydantic "
        "`model_validate_json`; `msgspec.json.Decoder(...).decode`):",
        "",
        "| decoder | docs/s | ratio ours / it |",
        "| --- | ---: | ---: |",
        *(
            f"| {n} | {_rate(text[n]['docs_per_second'])} | "
            f"{text['ours']['docs_per_second'] / text[n]['docs_per_second']:.2f}× |"
            for n in ("ours", "pydantic", "msgspec")
        ),
        "",
        "### TypeScript: JSON text → typed object (Node)",
        "",
        "| decoder | docs/s | µs/doc |",
        "| --- | ---: | ---: |",
        f"| generated `sessionFromJSON` | {_rate(ts_res['ours']['docsPerSecond'])} | "
        f"{1e6 / ts_res['ours']['docsPerSecond']:.2f} |",
        f"| zod 4 `looseObject` + `z.iso.datetime({{offset: true}})` → `Date` + remap | "
        f"{_rate(ts_res['zod']['docsPerSecond'])} | {1e6 / ts_res['zod']['docsPerSecond']:.2f} |",
        *(
            [
                f"| generated `sessionFromJSON` at {report['ts_baseline']} (earlier code, same run) | "
                f"{_rate(ts_res['baseline']['docsPerSecond'])} | {1e6 / ts_res['baseline']['docsPerSecond']:.2f} |",
            ]
            if "baseline" in ts_res
            else []
        ),
        "",
        f"- ours / zod: **{ratio_z:.2f}×** (by the Node process's CPU time: "
        f"{ts_res['ours']['docsPerCpuSecond'] / ts_res['zod']['docsPerCpuSecond']:.2f}×)",
        *(
            [f"- ours / generated at {report['ts_baseline']}: **"
             f"{ts_res['ours']['docsPerSecond'] / ts_res['baseline']['docsPerSecond']:.2f}×** (CPU time: "
             f"{ts_res['ours']['docsPerCpuSecond'] / ts_res['baseline']['docsPerCpuSecond']:.2f}×)"]
            if "baseline" in ts_res
            else []
        ),
        "",
        "### Sanity check (not a test)",
        "",
        f"- Python: {check['same_values']}/{check['valid']} payloads accepted by all three with the "
        f"same values; {check['invalid']} invalid payloads refused by "
        + ", ".join(f"{n} {c}/{check['invalid']}" for n, c in check["refused"].items())
        + f"; problems: {len(check['problems'])}.",
        f"- TypeScript: {ts['sanity']['sameOutput']}/{ts['sanity']['valid']} payloads give the same "
        f"`sessionToJSON` output from both; {ts['sanity']['invalid']} invalid refused by "
        + ", ".join(f"{n} {c}" for n, c in ts["sanity"]["rejected"].items())
        + f"; problems: {len(ts['sanity']['problems'])}.",
        "",
        "Where validity still differs (edge-case probe, timestamps; none of these is in the timed set):",
        "",
        "| timestamp | RFC 3339 | ours | pydantic | msgspec |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| `{p['timestamp']}` ({p['label']}) | {'valid' if p['valid'] else 'invalid'} | "
            + " | ".join("accepts" if p[n] else "refuses" for n in ("ours", "pydantic", "msgspec"))
            + " |"
            for p in check["probe"]
        ),
        "",
        "zod's `z.iso.datetime` accepts only upper-case `T`/`Z` and no leap second; the other "
        "semantic differences are listed in the comments of `bench/codegen_bench.py` and "
        "`bench/ts/session_bench.ts`.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace this benchmark's section of RESULTS.md (or append it), keeping its profiling notes."""
    results_section.write_section(SECTION, section, kept=KEPT, results=RESULTS)


def run_python(payloads: list[dict[str, Any]], texts: list[str], min_seconds: float, repeat: int) -> dict[str, Any] | None:
    """The Python half: sanity check, edge-case probe, timings; None when the sanity check fails."""
    check = sanity(payloads, texts)
    print(
        f"sanity (Python): {check['same_values']}/{check['valid']} valid payloads accepted by ours, pydantic, msgspec "
        f"with the same values; invalid refused: "
        + ", ".join(f"{n} {c}/{check['invalid']}" for n, c in check["refused"].items())
    )
    for problem in check["problems"][:10]:
        print("  PROBLEM:", problem)
    print("edge-case probe (accepts?):")
    for p in check["probe"]:
        print(
            f"  {p['timestamp']:<32} {p['label']:<22} RFC 3339 {'valid  ' if p['valid'] else 'invalid'}  "
            + "  ".join(f"{n}={'yes' if p[n] else 'no '}" for n in DICT_DECODERS)
        )
    if check["problems"]:
        print("sanity check failed: the decoders are not doing the same job; not timing", file=sys.stderr)
        return None

    print(f"timing Python: best of {repeat} rounds of >= {min_seconds} s each ...", flush=True)
    py = time_decoders(DICT_DECODERS, payloads, min_seconds, repeat)
    for name, r in py.items():
        print(f"  from dict  {name:<9} {_rate(r['docs_per_second']):>11} docs/s  {1e6 / r['docs_per_second']:7.2f} us/doc")
    ratio_p = py["ours"]["docs_per_second"] / py["pydantic"]["docs_per_second"]
    ratio_m = py["ours"]["docs_per_second"] / py["msgspec"]["docs_per_second"]
    verdict = "met" if ratio_p >= TARGET_VS_PYDANTIC else "MISSED"
    print(f"  ratio ours/pydantic {ratio_p:.2f}x (target >= {TARGET_VS_PYDANTIC}x: {verdict}); ours/msgspec {ratio_m:.2f}x")
    text = time_decoders(TEXT_DECODERS, texts, min_seconds, repeat)
    for name, r in text.items():
        print(f"  from JSON  {name:<9} {_rate(r['docs_per_second']):>11} docs/s  {1e6 / r['docs_per_second']:7.2f} us/doc")
    print(
        f"  ratio from JSON: ours/pydantic {text['ours']['docs_per_second'] / text['pydantic']['docs_per_second']:.2f}x; "
        f"ours/msgspec {text['ours']['docs_per_second'] / text['msgspec']['docs_per_second']:.2f}x"
    )
    return {"check": check, "py": py, "text": text}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payloads", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15, help="timed rounds per decoder (best is kept)")
    parser.add_argument("--min-seconds", type=float, default=0.2, help="minimum length of one round")
    parser.add_argument("--quick", action="store_true", help="3 rounds of 0.1 s: a smoke run")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--no-ts", action="store_true", help="skip the TypeScript half")
    parser.add_argument("--ts-only", action="store_true", help="only the TypeScript half (implies --no-write)")
    parser.add_argument("--ts-baseline", metavar="REV", help="also time the generated TypeScript of this git revision")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.min_seconds = 3, 0.1
    if args.ts_only:
        args.no_write = True

    info = machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    payloads = make_payloads(args.payloads)
    texts = [json.dumps(p, separators=(",", ":")) for p in payloads]
    present = sum(len([k for k in p if k in DECLARED]) for p in payloads) / len(payloads)
    nulls = sum(sum(1 for k, v in p.items() if k in DECLARED and v is None) for p in payloads) / len(payloads)
    with_extras = sum(1 for p in payloads if set(p) - set(DECLARED)) / len(payloads)
    print(
        f"payloads: {len(payloads)} (seed {SEED}); declared properties present {present:.1f}/19 on average, "
        f"{nulls:.1f} null; {with_extras:.0%} with extras; {sum(map(len, texts)) / len(texts):.0f} bytes of JSON on average"
    )

    python = None
    if not args.ts_only:
        python = run_python(payloads, texts, args.min_seconds, args.repeat)
        if python is None:
            return 1

    if args.no_ts:
        return 0
    print("timing TypeScript (tsc, then node) ...", flush=True)
    ts = run_typescript(texts, args.min_seconds, args.repeat, args.ts_baseline)
    s = ts["sanity"]
    print(
        f"sanity (TypeScript): accepted {s['accepted']} of {s['valid']}; same sessionToJSON output {s['sameOutput']}/{s['valid']}; "
        f"invalid refused {s['rejected']} of {s['invalid']}"
    )
    for problem in s["problems"]:
        print("  PROBLEM:", problem)
    res = ts["results"]
    for name, r in res.items():
        print(f"  sessionFromJSON-equivalent {name:<8} {_rate(r['docsPerSecond']):>11} docs/s  {1e6 / r['docsPerSecond']:7.2f} us/doc"
              f"  (CPU time: {1e6 / r['docsPerCpuSecond']:7.2f} us/doc)")
    for other, label in (("zod", "zod"), ("baseline", f"generated at {args.ts_baseline}")):
        if other in res:
            print(f"  ratio ours/{label} {res['ours']['docsPerSecond'] / res[other]['docsPerSecond']:.2f}x "
                  f"(CPU time: {res['ours']['docsPerCpuSecond'] / res[other]['docsPerCpuSecond']:.2f}x)")
    if "baseline" in res:
        print(f"  same sessionToJSON output as the baseline: {s['sameOutputBaseline']}/{s['valid']}")
    if s["problems"]:
        print("TypeScript sanity check failed: results not recorded", file=sys.stderr)
        return 1

    info["load average at end (1/5/15 min)"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    if not args.no_write:
        assert python is not None  # --ts-only implies --no-write
        report = {
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
            "payloads": len(payloads),
            "repeat": args.repeat,
            "min_seconds": args.min_seconds,
            "python_dict": python["py"],
            "python_json": python["text"],
            "typescript": ts,
            "ts_baseline": args.ts_baseline,
            "sanity": python["check"],
        }
        write_section(render_section(info, report))
        print(f"wrote the {SECTION!r} section of {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
