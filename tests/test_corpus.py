"""Generality over real schemas: every SchemaStore schema in ../shared that resolves offline generates
all three targets; the Python imports, the TypeScript passes tsc --strict, the docs parse, both
generated loaders accept every test instance the reference validator accepts, and refuse every
instance (negative_test/ and test/) `schemasmith validate`'s reference refuses, except where each of
the reference's errors is on a keyword generation named as left to the validator (SchemaIR.unchecked):
the corpus-agreement figure of bench/corpus_agreement.py, asserted.

A table of results is printed at the end of the run (and kept in .pytest_cache/corpus-table.md).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from conftest import CORPUS, REPO, import_module_from, run_tsc, tool
from corpus.instances import load_instance
from schemasmith import Settings, render_files
from schemasmith.errors import SchemaSmithError
from schemasmith.targets.naming import snake_module_name
from schemasmith.targets.typescript.naming import function_prefix
from schemasmith.source.load import load_schema
from schemasmith.source.refs import RefDirs, build_registry
from schemasmith.validate import reference_validator

SCHEMAS = CORPUS / "schemas"
TABLE = REPO / ".pytest_cache" / "corpus-table.md"

# Schemas that $ref documents outside the corpus (or are only a redirect to one): with no network
# they cannot be resolved. Listed in doc/limitations.md; anything else refused is a bug.
NOT_SELF_CONTAINED = {
    "cargo": "refs https://www.schemastore.org/quikrun.json, not in the corpus",
    "cinnamon-spice.info": "refs base.json, not in the corpus",
    "circleciconfig": "a redirect to a schema on raw.githubusercontent.com",
    "declarative-automation-bundles": "a redirect to a schema on github.com",
    "foundryvtt-module-manifest": "refs foundryvtt-base-package-manifest.json, not in the corpus",
    "foundryvtt-system-manifest": "refs foundryvtt-base-package-manifest.json, not in the corpus",
    "foundryvtt-world-manifest": "refs foundryvtt-base-package-manifest.json, not in the corpus",
    "grunt-clean-task": "refs grunt-task, not in the corpus",
    "grunt-copy-task": "refs grunt-task, not in the corpus",
    "grunt-cssmin-task": "refs grunt-task, not in the corpus",
    "ksp-ckan": "a redirect to a schema on raw.githubusercontent.com",
    "lazygit": "a redirect to a schema on raw.githubusercontent.com",
    "mtaext": "refs mtad.json, not in the corpus",
    "partial-pdm": "refs partial-pdm-dockerize.json, not in the corpus",
    "podman-desktop-extension": "refs https://json.schemastore.org/package.json, not in the corpus",
    "poetry": "refs partial-poetry.json, not in the corpus",
    "sarif-external-property-file-2.1.0-rtm.1": "refs sarif-2.1.0-rtm.1.json, not in the corpus",
    "schema-org-place": "refs schema-org-thing.json, not in the corpus",
    "ti8m-cdk-concrete-environment-config": "refs ti8m-cdk-environment-definition.json, not in the corpus",
    "ti8m-cdk-concrete-environments": "refs ti8m-cdk-environment-definition.json (through another schema)",
    "xunit-2.2": "a redirect to https://xunit.net, whose schema is not in the corpus",
    "xunit.runner.schema": "a redirect to https://xunit.net, whose schema is not in the corpus",
}


@dataclass
class Row:
    name: str
    refused: str = ""
    python: str = ""  # "" = ok, else the first problem
    typescript: str = ""
    docs: str = ""
    judged: int = 0  # instances the reference validator accepts
    unjudged: int = 0  # instances the reference validator cannot evaluate (e.g. ECMA-only regex)
    python_accepted: int = 0
    typescript_accepted: int = 0
    problems: list[str] = field(default_factory=list)
    refuted: int = 0  # instances `schemasmith validate`'s reference refuses
    named: int = 0  # ... only on keywords generation named as left to the validator
    python_refused: int = 0
    typescript_refused: int = 0
    unchecked: frozenset[str] = frozenset()  # the keywords SchemaIR.unchecked names
    # Instances the reference refuses (file, value, only on named keywords), for the TS harness too.
    invalid: list[tuple[str, Any, bool]] = field(default_factory=list)
    # Filled while running: instances to feed the TS harness.
    instances: list[tuple[str, Any]] = field(default_factory=list)
    root_prefix: str = ""
    root_name: str = ""
    root_is_model: bool = True


def _reference_validator(schema: Any, ref_dirs: RefDirs) -> Any:
    cls = jsonschema.validators.validator_for(schema)
    registry = build_registry((SCHEMAS / "reference.json").as_uri(), schema, ref_dirs)
    return cls(schema, format_checker=cls.FORMAT_CHECKER, registry=registry)


def _generate(path: Path, out: Path, row: Row, ref_dirs: RefDirs) -> bool:
    try:
        schema_ir, files = render_files(path, ("python", "typescript", "docs"), Settings(ref_dirs=ref_dirs))
    except SchemaSmithError as error:
        row.refused = str(error)
        return False
    row.root_prefix = function_prefix(schema_ir.root_name)
    row.unchecked = frozenset(u.keyword for u in schema_ir.unchecked)
    row.root_name = schema_ir.root_name
    row.root_is_model = any(m.name == schema_ir.root_name for m in schema_ir.models)
    for relative, text in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return True


def _check_python(row: Row, out: Path, ref_dirs: RefDirs) -> None:
    # (beside the module: the typed package's __init__.py, written for every schema)
    (module_path,) = [p for p in (out / "python").glob("*.py") if p.name != "__init__.py"]
    try:
        module = import_module_from(module_path, f"corpus_{re.sub(r'[^0-9a-zA-Z]', '_', row.name)}")
    except Exception as error:  # noqa: BLE001 - any import failure is the finding
        row.python = f"import failed: {type(error).__name__}: {error}"[:300]
        return
    # The root's codec: its model's methods, or a named type's functions (a module may declare
    # named types beside a root model: issue 22).
    if row.root_is_model:
        load = getattr(module, row.root_name).from_dict
        dump = lambda value: value.to_dict()  # noqa: E731
    else:
        load = getattr(module, f"{snake_module_name(row.root_name)}_from_dict")
        dump = getattr(module, f"{snake_module_name(row.root_name)}_to_dict")
    instance_dir = CORPUS / "test" / row.name
    if not instance_dir.is_dir():
        _check_python_refuses(row, module, load, ref_dirs)
        return
    schema = json.loads((SCHEMAS / f"{row.name}.json").read_text("utf-8"))
    reference = _reference_validator(schema, ref_dirs)
    for path in sorted(instance_dir.iterdir()):
        instance = load_instance(path)
        try:
            accepted = reference.is_valid(instance)
        except Exception:  # noqa: BLE001 - e.g. a pattern only ECMA regex understands
            row.unjudged += 1
            continue
        if not accepted:
            continue
        row.judged += 1
        row.instances.append((path.name, instance))
        try:
            load(json.loads(json.dumps(dump(load(instance)))))
            row.python_accepted += 1
        except Exception as error:  # noqa: BLE001 - a rejection or a crash is the finding
            row.problems.append(f"python rejects {path.name}: {type(error).__name__}: {error}"[:300])
    _check_python_refuses(row, module, load, ref_dirs)


def on_named_keyword(error: Any, unchecked: frozenset[str]) -> bool:
    """As bench/corpus_agreement.py reads it: an error is on a named keyword when a keyword of its
    schema path (or the failing one) is one SchemaIR.unchecked names, or, for an anyOf/oneOf, when
    one of its branches' errors is."""
    if {str(p) for p in (*error.schema_path, error.validator)} & unchecked:
        return True
    return any(on_named_keyword(e, unchecked) for e in error.context or ())


def _check_python_refuses(row: Row, module: Any, load: Any, ref_dirs: RefDirs) -> None:
    """Every instance `schemasmith validate` refuses is refused, unless only on named keywords."""
    loaded = load_schema(SCHEMAS / f"{row.name}.json", ref_dirs)
    reference = reference_validator(loaded.document, loaded.registry)
    for kind in ("test", "negative_test"):
        folder = CORPUS / kind / row.name
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            instance = load_instance(path)
            try:
                errors = list(reference.iter_errors(instance))
            except Exception:  # noqa: BLE001 - counted as unjudged by the positive side
                continue
            if not errors:
                continue
            named = all(on_named_keyword(e, row.unchecked) for e in errors)
            label = f"{kind}/{path.name}"
            row.refuted += 1
            row.named += named
            row.invalid.append((label, instance, named))
            try:
                load(instance)
            except module.SchemaValidationError:
                row.python_refused += 1
                continue
            except Exception as error:  # noqa: BLE001 - a crash is the finding
                row.problems.append(f"python crashes on {label}: {type(error).__name__}: {error}"[:300])
                continue
            if not named:
                row.problems.append(f"python accepts {label}, which the reference refuses: "
                                    f"{errors[0].message[:120]} [{errors[0].validator}]")


def _check_docs(row: Row, out: Path) -> None:
    parser = MarkdownIt("commonmark").enable("table")
    for page in sorted((out / "docs").glob("*.md")):
        tokens = parser.parse(page.read_text("utf-8"))
        columns = None
        for index, token in enumerate(tokens):
            if token.type == "tr_open":
                cells = 0
                for inner in tokens[index + 1 :]:
                    if inner.type == "tr_close":
                        break
                    cells += inner.type in ("th_open", "td_open")
                columns = columns or cells
                if cells != columns:
                    row.docs = f"{page.name}: a table row has {cells} cells, the header {columns}"
                    return
            if token.type == "table_close":
                columns = None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Row]:
    if not SCHEMAS.is_dir():
        pytest.skip(f"{SCHEMAS} is absent: the SchemaStore corpus is only beside the project's own checkouts")
    root = tmp_path_factory.mktemp("corpus")
    ref_dirs = RefDirs(by_name=(SCHEMAS,))
    rows: dict[str, Row] = {}
    ts_dir = root / "ts"
    ts_dir.mkdir()
    for path in sorted(SCHEMAS.glob("*.json")):
        name = path.name[: -len(".json")]
        row = rows[name] = Row(name)
        out = root / name
        if not _generate(path, out, row, ref_dirs):
            continue
        _check_python(row, out, ref_dirs)
        _check_docs(row, out)
        (module_ts,) = (out / "typescript").glob("*.ts")
        shutil.copy(module_ts, ts_dir / f"{name}.ts")
    shutil.copy(Path(__file__).parent / "corpus" / "harness.ts", ts_dir / "harness.ts")
    compiled = run_tsc(ts_dir, sorted(ts_dir.glob("*.ts")), emit=True)
    for line in (compiled.stdout + compiled.stderr).splitlines():
        match = re.match(r"^(?:.*/)?([^/(]+)\.ts\(\d+,\d+\): error", line)
        if match and match.group(1) in rows and not rows[match.group(1)].typescript:
            rows[match.group(1)].typescript = line[:300]
    manifest = [
        {"name": r.name, "module": str(ts_dir / "out" / f"{r.name}.js"), "prefix": r.root_prefix,
         "instances": [{"file": f, "value": v} for f, v in r.instances]
         + [{"file": f"refused:{f}", "value": v} for f, v, _ in r.invalid]}
        for r in rows.values()
        if not r.refused and not r.typescript and (r.instances or r.invalid)
    ]
    (ts_dir / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    ran = subprocess.run(
        [tool("node"), str(ts_dir / "out" / "harness.js"), str(ts_dir / "manifest.json")],
        capture_output=True, text=True, timeout=600,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    for result in json.loads(ran.stdout):
        row = rows[result["name"]]
        if result["file"].startswith("refused:"):
            label = result["file"][len("refused:"):]
            named = next(n for f, _, n in row.invalid if f == label)
            row.typescript_refused += not result["ok"]
            if result["ok"] and not named:
                row.problems.append(f"typescript accepts {label}, which the reference refuses")
        elif result["ok"]:
            row.typescript_accepted += 1
        else:
            row.problems.append(f"typescript rejects {result['file']}: {result['error']}")
    _write_table(rows)
    return rows


def _write_table(rows: dict[str, Row]) -> None:
    generated = [r for r in rows.values() if not r.refused]
    lines = [
        f"SchemaStore corpus: {len(rows)} schemas, {len(generated)} generated, "
        f"{len(rows) - len(generated)} not resolvable offline",
        f"python imports: {sum(not r.python for r in generated)}/{len(generated)}; "
        f"tsc --strict: {sum(not r.typescript for r in generated)}/{len(generated)}; "
        f"docs parse: {sum(not r.docs for r in generated)}/{len(generated)}",
        f"instances the reference accepts: {sum(r.judged for r in rows.values())} "
        f"(python loaders accept {sum(r.python_accepted for r in rows.values())}, "
        f"typescript loaders accept {sum(r.typescript_accepted for r in rows.values())}); "
        f"instances the reference cannot judge: {sum(r.unjudged for r in rows.values())}",
        f"instances `schemasmith validate` refuses: {sum(r.refuted for r in rows.values())} "
        f"({sum(r.named for r in rows.values())} only on keywords named as left to it; python loaders refuse "
        f"{sum(r.python_refused for r in rows.values())}, typescript loaders refuse "
        f"{sum(r.typescript_refused for r in rows.values())})",
        "",
        "| schema | generated | python | tsc | docs | instances | py ok | ts ok |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows.values():
        if r.refused:
            lines.append(f"| {r.name} | no: {NOT_SELF_CONTAINED.get(r.name, r.refused)[:70]} | | | | | | |")
            continue
        mark = lambda problem: "ok" if not problem else "FAIL"  # noqa: E731
        lines.append(
            f"| {r.name} | yes | {mark(r.python)} | {mark(r.typescript)} | {mark(r.docs)} | {r.judged} "
            f"| {r.python_accepted} | {r.typescript_accepted} |"
        )
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n", "utf-8")


def _names() -> list[str]:
    return sorted(p.name[: -len(".json")] for p in SCHEMAS.glob("*.json")) if SCHEMAS.is_dir() else ["corpus-absent"]


pytestmark = pytest.mark.xdist_group("corpus")


@pytest.mark.parametrize("name", _names())
def test_schema(corpus: dict[str, Row], name: str) -> None:
    row = corpus[name]
    if name in NOT_SELF_CONTAINED:
        assert row.refused, f"{name} now generates: remove it from NOT_SELF_CONTAINED and doc/limitations.md"
        assert "cannot resolve $ref" in row.refused or "never reaches a schema" in row.refused, row.refused
        return
    assert not row.refused, row.refused
    assert not row.python, row.python
    assert not row.typescript, row.typescript
    assert not row.docs, row.docs
    assert not row.problems, "\n".join(row.problems)
    assert row.python_accepted == row.typescript_accepted == row.judged
