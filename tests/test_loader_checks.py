"""The generated loaders check the schema's assertion keywords with `schemasmith validate`'s verdict.

- the constructs schema's hand-written cases (one or more per keyword) agree with the reference;
- conformance (reference, CLI, Python, TypeScript) over those cases plus a derandomized batch of
  hypothesis payloads near every keyword's boundary: no disagreement, except the ones named at
  generation time (format "email", patternProperties, an exponential pattern), counted apart;
- ECMA-262 patterns translated to Python's ``re`` match as ``regress`` (the ECMA-262 reference)
  does, on the generated patterns and strings the validator's own tests use;
- hostile patterns (tests/test_validate_patterns.py's CATASTROPHIC list) on 100,000-character
  strings end in a verdict in both languages (a subprocess timeout bounds the run; no timing is
  asserted), and generation names each exponential one in one warning line with its pointer.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import regress
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from conftest import REPO, import_module_from, run_tsc, tool
from test_validate_patterns import CATASTROPHIC, CHARACTERS, patterns
from schemasmith import Settings, generate
from schemasmith.conformance import check as conformance
from schemasmith.conformance.check import NodeTools, Payload
from schemasmith.ir.regex_safety import translate
from schemasmith.source.load import load_schema
from schemasmith.validate import reference_validator

SCHEMA = Path(__file__).parent / "schemas" / "constructs.schema.json"
CASES = json.loads((Path(__file__).parent / "cases" / "constructs_payloads.json").read_text("utf-8"))["cases"]
MINIMAL = json.loads(next(c for c in CASES if c["name"] == "minimal")["json"])
GENERATED = 400
# What generation names as left to the validator for the constructs schema.
NAMED = {("/properties/hostile", "pattern")}


def _collect(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    found: list[Any] = []

    @settings(max_examples=count, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def gather(value: Any) -> None:
        found.append(value)

    gather()
    return found


_SCALARS = st.one_of(
    st.sampled_from([0, 1, 1.0, -1, 2, 4.0, 0.5, 0.3, 7.5, 99.5, 100, 100.5, 10, 12, True, False, None, "", "1", "a"]),
    st.integers(-20, 120),
    st.floats(-2, 120, allow_nan=False).map(lambda x: round(x * 2) / 4),
)
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["a", "b"]), inner, max_size=2), max_leaves=5)
# Each property: values near its keywords' boundaries, of its type and (rarely) of another.
NEAR = {
    "code": st.text(st.sampled_from(["A", "B", "Z", "a", "😀", "\n", "é"]), max_size=6),
    "slug": st.text(st.sampled_from(["a", "b", "-", "A"]), max_size=8),
    "mention": st.text(st.sampled_from(["@", "a", "_", " ", "é", "\n"]), max_size=6),
    "hostile": st.text(st.sampled_from(["a", "b"]), max_size=6),
    "score": _SCALARS,
    "level": _SCALARS,
    "ratio": _SCALARS,
    "priority": _SCALARS,
    "picks": st.lists(_JSON, max_size=5),
    "labels": st.dictionaries(st.sampled_from(["a", "b", "c"]), st.text(st.sampled_from(["x", "y"]), max_size=2), max_size=4),
    "tags": st.lists(st.sampled_from(["x", "y", 1]), max_size=3),
    # The applicators the rule interpreter runs (not, if/then/else, contains, propertyNames,
    # patternProperties, dependentRequired/dependentSchemas) and enum's JSON equality.
    "handle": st.sampled_from(["root", "admin", "ada", "", 1]),
    "shipping": st.dictionaries(st.sampled_from(["method", "address", "locker"]),
                                st.sampled_from(["post", "pickup", "x", 3, 3.0, None]), max_size=3),
    "readings": st.lists(st.sampled_from([1, 89.5, 90, 95.0, 100, "a"]), max_size=4),
    "headers": st.dictionaries(st.sampled_from(["Accept", "accept", "Abcdefghij", "A", "", "É"]),
                               st.sampled_from(["x", 1]), max_size=2),
    "flags": st.dictionaries(st.sampled_from(["f_on", "n_count", "other", "f_"]),
                             st.sampled_from([True, 0, -1, 2.0, "x", None]), max_size=3),
    "contact": st.dictionaries(st.sampled_from(["email", "phone", "country", "verified"]),
                               st.sampled_from(["a", True, False, 1]), max_size=3),
    "version": st.sampled_from([1, 1.0, True, False, 0, "x", [1], [1.0, {"a": 2.0}], [1, {"a": 2, "b": 1}], None]),
}


def _generated() -> list[Payload]:
    payload = st.dictionaries(st.sampled_from(sorted(NEAR)), st.none(), min_size=1, max_size=2).flatmap(
        lambda chosen: st.fixed_dictionaries({name: NEAR[name] for name in chosen})
    )
    return [
        Payload.of_text(f"generated #{n}", json.dumps({**MINIMAL, **extra}, ensure_ascii=n % 2 == 1))
        for n, extra in enumerate(_collect(payload, GENERATED))
    ]


def test_generation_names_what_the_loaders_leave_to_the_validator(tmp_path: Path) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "schemasmith", "generate", str(SCHEMA), "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    warnings = [line for line in ran.stderr.splitlines() if ": warning: " in line]
    named = {(re.search(r"#(\S*): warning", line).group(1), _keyword(line)) for line in warnings}  # type: ignore[union-attr]
    assert named == NAMED, warnings
    python = (tmp_path / "python" / "order.py").read_text("utf-8")
    typescript = (tmp_path / "typescript" / "order.ts").read_text("utf-8")
    for pointer, keyword in NAMED:
        assert f"``#{pointer}`` {keyword}:" in python
        assert f"// - #{pointer} {keyword}:" in typescript


def _keyword(line: str) -> str:
    match = re.search(r"leave (\S+) to", line) or re.search(r"warning: (\S+):", line)
    assert match is not None, line
    return match.group(1)


def test_cases_agree_with_the_reference() -> None:
    loaded = load_schema(SCHEMA)
    validator = reference_validator(loaded.document, loaded.registry)
    wrong = [c["name"] for c in CASES if validator.is_valid(json.loads(c["json"])) != c["valid"]]
    assert not wrong


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> conformance.Report:
    payloads = [Payload.of_text(c["name"], c["json"]) for c in CASES] + _generated()
    tools = NodeTools(node=tool("node"), tsc=tool("tsc"))
    return conformance.run(SCHEMA, payloads, typescript=True, tools=tools, workdir=tmp_path_factory.mktemp("checks"))


def test_conformance_over_every_keyword(report: conformance.Report) -> None:
    assert report.judges == ("reference", "cli", "python", "typescript") and not report.broken
    failing = conformance.report_lines(report)
    print("\n" + conformance.summary_line(report))
    assert not failing, "\n".join(failing[:30])
    valid = sum(1 for o in report.outcomes if o.verdicts["reference"].valid)
    # Both sides of the boundaries were reached.
    assert 40 <= valid <= len(report.outcomes) - 40, valid


def test_only_named_keywords_disagree(report: conformance.Report) -> None:
    named = [p.detail for o in report.outcomes for p in o.problems if p.kind == "unchecked"]
    # The hostile pattern and format "email" are left to the validator: generated payloads reach them.
    assert named, "no payload reached a keyword the loaders leave to the validator"
    assert all(("[pattern]" in d or "[format]" in d or "[patternProperties]" in d) for d in named), named[:5]


# -- ECMA-262 patterns in Python's re --------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(patterns(), st.lists(st.text(st.sampled_from(CHARACTERS), max_size=8), min_size=1, max_size=6))
def test_translated_patterns_match_as_ecma_262(source: str, strings: list[str]) -> None:
    try:
        oracle = regress.Regex(source, "u")
    except regress.RegressError:
        return
    translated = translate(source)
    if translated.python is None:
        return  # named at generation time instead (\p{...}, a variable-length lookbehind, ...)
    compiled = re.compile(translated.python)
    for string in strings:
        assert (compiled.search(string) is not None) == (oracle.find(string) is not None), (source, string, translated.python)


@pytest.mark.parametrize("source", CATASTROPHIC)
def test_catastrophic_patterns_are_refused_to_the_loaders(source: str) -> None:
    assert translate(source).max_length == 0


@pytest.mark.parametrize(("source", "longest"), [
    ("^[a-z0-9-]+$", None), ("^[a-z]+(-[a-z]+)*$", None), ("^\\d{4}-\\d{2}-\\d{2}$", None), ("@\\w+", None),
    ("^https?://.+$", None), ("[a-z]+@", 10_000), ("^a*a*$", 10_000), ("^a*a*a*$", 464),
])
def test_linear_and_polynomial_patterns(source: str, longest: int | None) -> None:
    assert translate(source).max_length == longest


# -- hostile patterns on long strings, in both languages ---------------------------------------------

POLYNOMIAL = ["[a-z]+@", "^a*a*b$", "\\d+\\d+x", ".*x", "^(?:a|b)+c"]
LONG = ["a" * 100_000 + "b", "a" * 100_000 + "!", "x" * 100_000 + "z", "ab" * 50_000, "a" * 9_999 + "!"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    sources = CATASTROPHIC + POLYNOMIAL
    schema = {"type": "object", "title": "Hostile",
              "properties": {f"p{i}": {"type": "string", "pattern": s} for i, s in enumerate(sources)}}
    (folder / "hostile.schema.json").write_text(json.dumps(schema), "utf-8")
    generate(folder / "hostile.schema.json", folder / "out", ("python", "typescript"), Settings())
    payloads = [{f"p{i}": string} for i in range(len(sources)) for string in LONG]
    (folder / "payloads.json").write_text(json.dumps(payloads), "utf-8")
    return folder


def test_hostile_patterns_end_in_a_verdict_in_python(hostile: Path) -> None:
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import hostile as h\n"
        "out = []\n"
        "for p in json.load(open(sys.argv[2])):\n"
        "    try: h.Hostile.from_dict(p); out.append('valid')\n"
        "    except h.SchemaValidationError as e: out.append(e.message)\n"
        "print(json.dumps(out))\n"
    )
    ran = subprocess.run([sys.executable, "-c", script, str(hostile / "out" / "python"), str(hostile / "payloads.json")],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    _check_hostile_verdicts(json.loads(ran.stdout))


def test_hostile_patterns_end_in_a_verdict_in_typescript(hostile: Path) -> None:
    build = hostile / "ts"
    build.mkdir()
    shutil.copy(hostile / "out" / "typescript" / "hostile.ts", build / "hostile.ts")
    (build / "run.ts").write_text(
        'import { hostileFromWire, SchemaValidationError } from "./hostile.js";\n'
        'import { readFileSync } from "node:fs";\n'
        "const out: string[] = [];\n"
        "for (const p of JSON.parse(readFileSync(process.argv[2], \"utf-8\")) as unknown[]) {\n"
        '  try { hostileFromWire(p); out.push("valid"); }\n'
        "  catch (e) { if (!(e instanceof SchemaValidationError)) throw e; out.push(e.detail); }\n"
        "}\n"
        "console.log(JSON.stringify(out));\n", "utf-8")
    compiled = run_tsc(build, [build / "hostile.ts", build / "run.ts"], emit=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    ran = subprocess.run([tool("node"), str(build / "out" / "run.js"), str(hostile / "payloads.json")],
                         capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    _check_hostile_verdicts(json.loads(ran.stdout))


def _check_hostile_verdicts(verdicts: list[str]) -> None:
    sources = CATASTROPHIC + POLYNOMIAL
    assert len(verdicts) == len(sources) * len(LONG)
    for index, verdict in enumerate(verdicts):
        source, string = sources[index // len(LONG)], LONG[index % len(LONG)]
        if source in CATASTROPHIC:
            assert verdict == "valid", (source, verdict)  # not run: left to the validator, named at generation
        elif (longest := translate(source).max_length) is not None and len(string) > longest:
            assert "in bounded time" in verdict, (source, verdict)
        else:
            expected = "valid" if regress.Regex(source, "u").find(string) is not None else "does not match"
            assert expected in verdict, (source, len(string), verdict)
