"""Soundness by evidence: where the diff calls a direction compatible, no instance refutes it.

For each pair (OLD, NEW): documents drawn from OLD (hypothesis-jsonschema) that the reference
validator accepts under OLD are checked under NEW; one refused means the diff must not have called
backward compatible. Likewise NEW's documents under OLD for forward. Pairs: every rule example both
ways, the refactors both ways, and consecutive versions of the versioned SchemaStore schemas in
../shared (whose own test documents are checked too). A summary goes to
.pytest_cache/diff-soundness-report-WORKER.md (counts for the closing note).
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, REPO
from diff_cases import REFACTORS
from diff_evidence import Judge, instances, instances_in_child, load_value
from schemasmith.diff.documents import diff_documents
from schemasmith.diff.findings import COMPATIBLE, Finding
from schemasmith.diff.rules import RULES
from schemasmith.source.load import LoadedSchema, load_schema

PER_EXAMPLE = 25  # documents drawn from each side of a small pair
PER_CORPUS_SCHEMA = 10  # and of a SchemaStore schema (bigger, much slower to draw from):
DRAW_MAX_BYTES = 64_000  # only from schemas this small (plus every schema's own test documents),
DRAW_SECONDS = 10.0  # each in a child process given this long (hypothesis-jsonschema takes minutes on some)
DRAW_BUDGET = 60.0  # and all of them together at most this long (smallest pairs first): cheap in CI
# One report per process: under xdist each worker tallies the pairs it ran.
REPORT = REPO / ".pytest_cache" / f"diff-soundness-report-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.md"

soundness = pytest.mark.xdist_group("diff-soundness")


@dataclass
class Tally:
    pairs: int = 0
    findings: int = 0
    drawn: int = 0
    corpus_documents: int = 0  # SchemaStore's own test documents used
    checked: int = 0  # drawn documents valid under their own schema, checked under the other
    refused: int = 0
    undrawable: list[str] = field(default_factory=list)
    confirmed_breaks: int = 0  # directions called breaking that an instance also shows
    lines: list[str] = field(default_factory=list)


TALLY: dict[str, Tally] = {"rule examples": Tally(), "refactors": Tally(), "SchemaStore versions": Tally()}


def _direction_ok(findings: list[Finding], direction: str) -> bool:
    return all(getattr(f, direction) == COMPATIBLE for f in findings if f.kind == "wire")


def check_pair(label: str, old: LoadedSchema, new: LoadedSchema, count: int, tally: Tally,
               extra_old: tuple[Any, ...] = (), extra_new: tuple[Any, ...] = (), corpus: bool = False) -> None:
    findings = diff_documents(old, new, codegen=False)
    tally.pairs += 1
    tally.findings += len(findings)
    judges = {"old": Judge(old), "new": Judge(new)}
    for direction, source, target, extra in (("backward", old, new, extra_old), ("forward", new, old, extra_new)):
        source_key, target_key = ("old", "new") if direction == "backward" else ("new", "old")
        drawn: list[Any] | str = []
        if corpus and len(source.text) <= DRAW_MAX_BYTES:
            drawn = _corpus_draw(source, count)
        elif not corpus and not source.is_openapi:
            drawn = instances(source.document, count)
        if isinstance(drawn, str):
            tally.undrawable.append(f"{label} ({source_key}): {drawn}")
            drawn = []
        tally.drawn += len(drawn)
        tally.corpus_documents += len(extra)
        documents = [d for d in list(drawn) + list(extra) if judges[source_key].accepts(d)]
        refused = [d for d in documents if not judges[target_key].accepts(d)]
        tally.checked += len(documents)
        tally.refused += len(refused)
        compatible = _direction_ok(findings, direction)
        if refused:
            tally.confirmed_breaks += 1
            assert not compatible, (
                f"{label}: diff calls {direction} compatible, but NEW/OLD refuses {json.dumps(refused[0])[:300]}; "
                f"findings: {[(f.rule, f.backward, f.forward) for f in findings]}")
        tally.lines.append(f"| {label} | {direction} | {'compatible' if compatible else 'breaking'} | "
                           f"{len(documents)} | {len(refused)} |")


_DRAWN: dict[str, list[Any] | str] = {}
_SPENT = [0.0]


def _corpus_draw(source: LoadedSchema, count: int) -> list[Any] | str:
    """Documents of a SchemaStore schema, drawn once per schema within the time budget."""
    key = str(source.path)
    if key not in _DRAWN:
        remaining = DRAW_BUDGET - _SPENT[0]
        if remaining < 1:
            return "the drawing budget for the corpus is spent"
        start = time.monotonic()
        _DRAWN[key] = instances_in_child(source.document, count, min(DRAW_SECONDS, remaining))
        _SPENT[0] += time.monotonic() - start
    return _DRAWN[key]


def _write_report() -> None:
    lines = ["# diff soundness evidence", ""]
    for name, tally in TALLY.items():
        if not tally.pairs:
            continue
        lines.append(f"## {name}: {tally.pairs} pairs, {tally.findings} findings, {tally.drawn} documents drawn, "
                     f"{tally.corpus_documents} SchemaStore test documents, {tally.checked} checked, {tally.refused} refused (all where the diff said breaking), "
                     f"{tally.confirmed_breaks} breaking directions shown by an instance, "
                     f"{len(tally.undrawable)} sides hypothesis-jsonschema could not draw from")
        lines.append("")
        lines += ["| pair | direction | diff | checked | refused |", "|---|---|---|---|---|"] + tally.lines
        lines += [""] + [f"- cannot draw: {u}" for u in tally.undrawable] + [""]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines), "utf-8")


@soundness
@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_examples_are_sound(name: str, tmp_path: Path) -> None:
    rule = RULES[name]
    if rule.old.get("openapi") if isinstance(rule.old, dict) else False:
        pytest.skip("OpenAPI documents: their components are checked through the other pairs")
    for label, old, new in ((name, rule.old, rule.new), (f"{name} reversed", rule.new, rule.old)):
        check_pair(label, load_value(tmp_path / label / "a", "s.json", old),
                   load_value(tmp_path / label / "b", "s.json", new), PER_EXAMPLE, TALLY["rule examples"])
    _write_report()


@soundness
@pytest.mark.parametrize(("name", "old", "new"), REFACTORS, ids=[r[0] for r in REFACTORS])
def test_refactors_are_sound(name: str, old: Any, new: Any, tmp_path: Path) -> None:
    check_pair(name, load_value(tmp_path / "a", "s.json", old), load_value(tmp_path / "b", "s.json", new),
               PER_EXAMPLE, TALLY["refactors"])
    _write_report()


# --- versioned SchemaStore schemas -------------------------------------------------------------

_VERSIONED = re.compile(r"^(?P<family>.*?)-v?(?P<version>\d+(?:\.\d+)*(?:-[A-Za-z0-9]+)?)\.json$")


def _version_key(version: str) -> list[Any]:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.-]", version)]


def corpus_pairs() -> list[tuple[str, Path, Path]]:
    families: dict[str, list[tuple[str, Path]]] = {}
    for path in sorted((CORPUS / "schemas").glob("*.json")):
        match = _VERSIONED.match(path.name)
        if match:
            families.setdefault(match["family"], []).append((match["version"], path))
    pairs = []
    for family, versions in sorted(families.items()):
        versions.sort(key=lambda item: _version_key(item[0]))
        for (_, old), (_, new) in zip(versions, versions[1:]):
            pairs.append((f"{old.stem} -> {new.stem}", old, new))
    # Smallest first: they are the quickest to draw documents from, within the budget.
    pairs.sort(key=lambda pair: (max(pair[1].stat().st_size, pair[2].stat().st_size), pair[0]))
    return pairs


def _corpus_documents(schema: Path) -> list[Any]:
    """The SchemaStore test documents of a schema (JSON, YAML, TOML)."""
    import tomllib

    import yaml

    documents = []
    folder = CORPUS / "test" / schema.stem
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        try:
            text = path.read_text("utf-8")
            if path.suffix == ".json":
                documents.append(json.loads(text))
            elif path.suffix in (".yaml", ".yml"):
                documents.append(yaml.safe_load(text))
            elif path.suffix == ".toml":
                documents.append(tomllib.loads(text))
        except Exception:  # noqa: BLE001 - a document we cannot read is no evidence
            continue
    return documents


PAIRS = corpus_pairs() if (CORPUS / "schemas").is_dir() else []


@soundness
@pytest.mark.skipif(not PAIRS, reason=f"the SchemaStore corpus is absent ({CORPUS}); it lives beside the repository")
@pytest.mark.parametrize(("label", "old", "new"), PAIRS, ids=[p[0] for p in PAIRS])
def test_schemastore_versions_are_sound(label: str, old: Path, new: Path) -> None:
    check_pair(label, load_schema(old), load_schema(new), PER_CORPUS_SCHEMA, TALLY["SchemaStore versions"],
               extra_old=tuple(_corpus_documents(old)), extra_new=tuple(_corpus_documents(new)), corpus=True)
    _write_report()
