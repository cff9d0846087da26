"""Checks on what a hostile schema generates.

Fast checks run in-process on every example (so Hypothesis can shrink a failure): every file encodes
as UTF-8, output paths are safe, the Python parses and has the expected shape with every docstring and
wire name intact, and each Markdown page keeps its structure (tables keep their columns, no raw HTML,
no code fence swallowing the page).

Slow checks run over a batch of examples at once: ``mypy --strict`` and ``tsc --strict`` over every
module in one run each, the TypeScript source parsed by an independent parser (prettier's copy of
typescript-estree) to confirm every comment and string literal, and both generated loaders imported
in fresh processes (no side effects beyond defining names) and run on each example's payload.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from markdown_it import MarkdownIt

from conftest import REPO, TSCONFIG_OPTIONS, tool
from schemasmith import Settings, render_files
from schemasmith.errors import SchemaSmithError
from schemasmith.ir.nodes import PrimitiveType, SchemaIR
from schemasmith.targets.naming import snake_module_name
from schemasmith.targets.typescript.naming import function_prefix
from schemasmith.source.pointer import escape_token
from schemasmith.targets.common import discriminator_tags
from schemasmith.targets.python.target import python_model, PythonTypes
from schemasmith.targets.typescript.target import typescript_models

from .strategies import HostileCase

HERE = Path(__file__).parent
# Refusals a hostile schema may legitimately get: names that cannot be told apart.
EXPECTED_REFUSALS = re.compile(r"both become the (python|typescript) name|both end up named")
WINDOWS_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MARKDOWN = MarkdownIt("commonmark").enable("table")


@dataclass
class Rendered:
    """One example, rendered and checked in-process, staged for the batch checks."""

    index: int
    schema_path: Path
    manifest: dict[str, Any]


@dataclass
class Batch:
    """Examples staged under one folder, checked together by :func:`run_batch`."""

    folder: Path
    examples: list[Rendered] = field(default_factory=list)

    def __post_init__(self) -> None:
        for sub in ("schemas", "py", "ts", "payloads"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)


# --- rendering and the in-process checks ---------------------------------------------------------


def normalize_docstring(text: str) -> str:
    """What a docstring promises to keep of a text: all of it, modulo line endings, tabs and
    trailing whitespace (the py_docstring contract)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return re.sub("[\ud800-\udfff]", "\ufffd", text)  # a class __doc__ cannot hold a lone surrogate


# Characters a generated file must never hold raw: they are escaped in literals and replaced by
# U+FFFD in comments and Markdown (C0 but tab and newline, DEL, C1, U+2028/9, BOM, surrogates).
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


def jsdoc_contract(text: str) -> str:
    """What a JSDoc comment promises to keep of a text: all of it, modulo line endings, trailing
    whitespace, unsafe characters shown as U+FFFD and ``*/`` written ``*\\/``."""
    text = UNSAFE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n")).replace("*/", "*\\/")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def render_case(case: HostileCase, batch: Batch, index: int) -> Rendered | str:
    """Render one case into ``batch``; returns the refusal message when the schema is refused."""
    schema_path = batch.folder / "schemas" / f"schema_{index}.json"
    # ASCII-only JSON: lone surrogates travel as \u escapes, as they would in a real file.
    schema_path.write_text(json.dumps(case.document, indent=1), "utf-8")
    try:
        schema_ir, files = render_files(
            schema_path, ("python", "typescript", "docs"), Settings(docs_import_path=f"./mod_{index}.js")
        )
    except SchemaSmithError as error:
        message = str(error)
        assert EXPECTED_REFUSALS.search(message), f"unexpected refusal: {message}"
        # (That the message stays on one line is test_hostile_outputs.py's own test: a pointer
        # holding a newline still breaks it.)
        return message
    check_files(schema_ir, files)
    # The schema's own module (the folder also holds the package's __init__.py and py.typed).
    python = next(text for path, text in files.items()
                  if path.startswith("python/") and path.endswith(".py") and path != "python/__init__.py")
    typescript = next(text for path, text in files.items() if path.startswith("typescript/"))
    check_python_source(schema_ir, python)
    check_docs(schema_ir, {p: t for p, t in files.items() if p.startswith("docs/")})
    (batch.folder / "py" / f"mod_{index}.py").write_text(python, "utf-8")
    (batch.folder / "ts" / f"mod_{index}.ts").write_text(typescript, "utf-8")
    example = _docs_example(files[f"docs/{schema_ir.root_name}.md"])
    if example is not None:
        (batch.folder / "ts" / f"example_{index}.ts").write_text(example, "utf-8")
    manifest = _manifest(schema_ir, case, index, batch.folder)
    rendered = Rendered(index, schema_path, manifest)
    batch.examples.append(rendered)
    return rendered


def check_files(schema_ir: SchemaIR, files: dict[str, str]) -> None:
    seen: set[str] = set()
    for path, text in files.items():
        text.encode("utf-8")  # strict: a lone surrogate here would crash the writer
        parts = PurePosixPath(path).parts
        assert parts[0] in ("python", "typescript", "docs") and len(parts) == 2, path
        # (py.typed: the Python folder's PEP 561 marker, the same for every schema.)
        assert re.fullmatch(r"[A-Za-z0-9_]+\.(py|ts|md)", parts[1]) or path == "python/py.typed", path
        stem = parts[1].split(".")[0].lower()
        assert stem not in WINDOWS_DEVICE_NAMES, f"{path} is a reserved device name on Windows"
        assert path.lower() not in seen, f"{path} differs from another output only in case"
        seen.add(path.lower())


def _expect_module_shape(tree: ast.Module) -> None:
    """Top level: one docstring, then only imports, assignments, classes and functions; class bodies
    hold only annotated fields, docstrings and methods. Injected code would add another statement."""
    assert isinstance(tree.body[0], ast.Expr) and isinstance(tree.body[0].value, ast.Constant)
    for node, before in zip(tree.body[1:], tree.body):
        if isinstance(node, ast.Expr):
            # A type alias's docstring, right below the alias.
            assert isinstance(node.value, ast.Constant) and isinstance(node.value.value, str), ast.dump(node)[:300]
            assert isinstance(before, ast.AnnAssign), ast.dump(node)[:300]
            continue
        assert isinstance(node, (ast.ImportFrom, ast.Import, ast.Assign, ast.AnnAssign, ast.ClassDef, ast.FunctionDef)), (
            ast.dump(node)[:300]
        )
        if isinstance(node, ast.ClassDef):
            previous: ast.stmt | None = None
            for item in node.body:
                if isinstance(item, ast.Expr):
                    # A docstring: first in the class, or documenting the field just above it.
                    assert isinstance(item.value, ast.Constant) and isinstance(item.value.value, str), ast.dump(item)
                    assert previous is None or isinstance(previous, ast.AnnAssign), ast.dump(item)[:300]
                else:
                    assert isinstance(item, (ast.AnnAssign, ast.FunctionDef, ast.Assign)), ast.dump(item)[:300]
                previous = item


def _dedent_docstring(text: str) -> str:
    """Undo the template's ``indent(4)``: every line but the first gained four spaces (if not blank)."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(line[4:] if line.startswith("    ") else line for line in rest)])


def check_python_source(schema_ir: SchemaIR, source: str) -> None:
    tree = ast.parse(source)
    compile(tree, "<hostile>", "exec")
    _expect_module_shape(tree)
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    wire_sets = {}
    defaults: dict[str, Any] = {}  # the fast path's _DEFAULTS_<Model>: every wire name, UNSET
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.startswith("_DEFAULTS_"):
            assert isinstance(node.value, ast.Dict) and all(isinstance(v, ast.Name) and v.id == "UNSET" for v in node.value.values)
            defaults[node.target.id] = [ast.literal_eval(k) for k in node.value.keys if k is not None]
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id.startswith("_WIRE_NAMES_"):
            assert isinstance(node.value, ast.Call) and node.value.args
            argument = node.value.args[0]
            # frozenset(_DEFAULTS_<Model>), the same names; or a literal set ("{}" reads as a dict).
            names = defaults[argument.id] if isinstance(argument, ast.Name) else ast.literal_eval(argument)
            wire_sets[node.target.id[len("_WIRE_NAMES_"):]] = set(names)
    types = PythonTypes(discriminator_tags(schema_ir))
    for model in schema_ir.models:
        cls = classes[model.name]
        doc = ast.get_docstring(cls, clean=False)
        assert doc is not None
        expected = normalize_docstring(model.description or model.title or model.name)
        assert _dedent_docstring(doc).startswith(expected), (doc, expected)
        assert wire_sets[model.name] == {f.wire_name for f in model.fields}
        python = python_model(model, types)
        field_docs: dict[str, str] = {}
        body = cls.body
        for item, after in zip(body, body[1:] + [None]):  # type: ignore[operator]
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                    field_docs[item.target.id] = _dedent_docstring(str(after.value.value))
        for f in python.fields:
            if f.field.description:
                assert normalize_docstring(f.field.description) in field_docs.get(f.name, ""), (f.name, field_docs.get(f.name))


def _table_rows(tokens: list[Any], start: int) -> tuple[list[list[str]], int]:
    """Rows (lists of cell inline sources) of the table that starts at or after ``start``."""
    rows: list[list[str]] = []
    index = start
    while tokens[index].type != "table_open":
        index += 1
    while tokens[index].type != "table_close":
        if tokens[index].type == "tr_open":
            rows.append([])
        elif tokens[index].type == "inline":
            rows[-1].append(tokens[index].content)
        elif tokens[index].type in ("th_open", "td_open") and tokens[index + 1].type != "inline":
            rows[-1].append("")  # an empty cell has no inline token
        index += 1
    return rows, index


def _check_page_html(path: str, tokens: list[Any]) -> None:
    # The only HTML blocks are the generated-file header comment, on one line, and a
    # `<!-- prettier-ignore -->` right before each table (tables are deliberately unpadded).
    ignores = [t for i, t in enumerate(tokens) if t.type == "html_block" and t.content == "<!-- prettier-ignore -->\n"
               and i + 1 < len(tokens) and tokens[i + 1].type == "table_open"]
    html_blocks = [t for t in tokens if t.type == "html_block" and t not in ignores]
    assert len(html_blocks) == 1, (path, [t.content for t in html_blocks])
    # (A description may hold a table of its own: the author's Markdown, not marked.)
    assert 1 <= len(ignores) <= sum(t.type == "table_open" for t in tokens), path
    header = html_blocks[0].content
    assert header.startswith("<!-- Generated by schemasmith") and header.count("-->") == 1 and header.endswith("-->\n"), header
    for token in tokens:
        for child in token.children or []:
            assert child.type != "html_inline" or child.content == "<br/>", (path, child.content)


def check_docs(schema_ir: SchemaIR, pages: dict[str, str]) -> None:
    ts_models = {m.name: m for m in typescript_models(schema_ir)[0]}
    for path, text in pages.items():
        tokens = MARKDOWN.parse(text)
        _check_page_html(path, tokens)
        rendered = MARKDOWN.render(text).lower()
        for tag in ("<script", "<img", "<iframe", "<a href=\"javascript"):
            assert tag not in rendered, (path, tag)
        name = path[len("docs/"):-len(".md")]
        if name == "index":
            rows, _ = _table_rows(tokens, 0)
            assert len(rows) == 1 + len(schema_ir.models) + len(schema_ir.aliases), (path, rows)
            assert all(len(row) == 2 for row in rows), rows
            for row in rows[1:]:
                target = re.fullmatch(r"\[([A-Za-z0-9]+)\]\(\1\.md\)", row[0])
                assert target and f"docs/{target.group(1)}.md" in pages, row
            continue
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
        if name not in ts_models:  # a named non-object type
            assert headings[-1] == "Type", headings
            rows, _ = _table_rows(tokens, next(i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == "Type" and t.tag == "h2"))
            assert len(rows) == 2 and all(len(r) == 1 for r in rows), rows
            continue
        model = ts_models[name]
        # Nothing in the description may swallow what follows: Fields is the last section.
        assert headings[-1] == "Fields", (path, headings)
        fields_at = max(i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == "Fields")
        rows, end = _table_rows(tokens, fields_at)
        assert rows[0] == ["Field", "Type", "Required", "Description", "Example"], rows[0]
        assert len(rows) == 1 + len(model.fields), (path, len(rows), len(model.fields))
        for row, f in zip(rows[1:], model.fields):
            assert len(row) == 5, (path, row)
            assert row[0] == f"`{f.name}`", (row[0], f.name)
        assert all(t.type not in ("table_open", "fence", "code_block", "html_block") for t in tokens[end:]), path
        example = next((e for e in model.model.examples if isinstance(e, dict)), None)
        fences = [t for t in tokens if t.type == "fence" and t.info == "typescript" and t.content.startswith(f"import {{ {name} }}")]
        assert len(fences) == (1 if example is not None else 0), (path, len(fences))


def _docs_example(page: str) -> str | None:
    """The Example Usage code from a model page, as a TypeScript file."""
    match = re.search(r"^```typescript\n(.*?)^```$", page, re.S | re.M)
    return match.group(1) if match else None


def _manifest(schema_ir: SchemaIR, case: HostileCase, index: int, folder: Path) -> dict[str, Any]:
    """What the batch checks expect of one example's modules."""
    (folder / "payloads" / f"payload_{index}.json").write_text(json.dumps(case.payload), "utf-8")
    ts_models, _ = typescript_models(schema_ir)
    root = schema_ir.model(schema_ir.root_name)
    # A payload that is wrong at one hostile wire name: a string property given a number.
    bad_field = next((f for f in root.fields if isinstance(f.type, PrimitiveType) and f.type.kind == "string"), None)
    bad = None
    if bad_field is not None:
        bad = {"payload": json.dumps({**case.payload, bad_field.wire_name: 12345}), "pointer": "/" + escape_token(bad_field.wire_name)}
    prefixes = [function_prefix(m.name) for m in schema_ir.models] + [function_prefix(a.name) for a in schema_ir.aliases]
    py_all = [m.name for m in schema_ir.models]
    for alias in schema_ir.aliases:
        py_all += [alias.name, *(f"{snake_module_name(alias.name)}_{s}" for s in ("from_dict", "from_json", "to_dict", "to_json"))]
    return {
        "index": index,
        "root": root.name,
        "root_prefix": function_prefix(root.name),
        "models": [m.name for m in schema_ir.models],
        "aliases": [a.name for a in schema_ir.aliases],
        "python_all": py_all + ["SchemaValidationError", "UNSET", "Unset"],
        "ts_exports": sorted(
            ["SchemaValidationError"] + [p + s for p in prefixes for s in ("FromWire", "ToWire", "FromJSON", "ToJSON")]
        ),
        "wire_names": {m.name: [f.wire_name for f in m.fields] for m in schema_ir.models},
        "prefixes": {m.name: m.function_prefix for m in ts_models},
        "ts_docs_expected": {
            m.name: [jsdoc_contract(t) for t in [m.model.description or m.model.title or m.name, *(f.field.description or "" for f in m.fields)]]
            for m in ts_models
        },
        "bad": bad,
    }


# --- the batch checks ----------------------------------------------------------------------------


def run_batch(batch: Batch) -> dict[int, list[str]]:
    """mypy, tsc, the TypeScript parse, and both loaders over every example; problems by example index."""
    problems: dict[int, list[str]] = {}
    if not batch.examples:
        return problems
    manifest_path = batch.folder / "manifest.json"
    manifest_path.write_text(json.dumps([e.manifest for e in batch.examples]), "utf-8")

    def note(index: int, problem: str) -> None:
        problems.setdefault(index, []).append(problem[:2000])

    def index_of(path_text: str) -> int | None:
        match = re.search(r"(?:mod|example)_(\d+)\.", path_text)
        return int(match.group(1)) if match else None

    # mypy --strict, one run over every module.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
         "--no-error-summary", "--hide-error-context", str(batch.folder / "py")],
        capture_output=True, text=True, cwd=REPO, timeout=1800,
    )
    for line in result.stdout.splitlines():
        if ": error:" in line:
            index = index_of(line)
            note(index if index is not None else -1, f"mypy: {line}")
    if result.returncode != 0 and not result.stdout.strip():
        note(-1, f"mypy failed: {result.stderr[-2000:]}")

    # tsc --strict, one run, emitting JavaScript for the loaders; docs examples only need to parse
    # (they show wire-keyed literals for nested models, which need not type-check).
    ts_dir = batch.folder / "ts"
    options = dict(TSCONFIG_OPTIONS, noEmit=False, outDir=str(ts_dir / "out"), rootDir=str(ts_dir))
    sources = sorted(ts_dir.glob("*.ts"))
    (ts_dir / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "files": [str(s) for s in sources]}), "utf-8")
    (ts_dir / "package.json").write_text('{"type": "module"}', "utf-8")
    result = subprocess.run([tool("tsc"), "-p", str(ts_dir / "tsconfig.json")], capture_output=True, text=True, cwd=ts_dir, timeout=1800)
    for line in result.stdout.splitlines():
        match = re.search(r"(mod|example)_(\d+)\.ts\(\d+,\d+\): error TS(\d+)", line)
        if match is None:
            if "error TS" in line:
                note(-1, f"tsc: {line}")
            continue
        if match.group(1) == "example" and int(match.group(3)) >= 2000:
            continue  # a semantic error in a docs example: only its syntax is checked
        note(int(match.group(2)), f"tsc: {line}")

    # Both loaders, and the TypeScript source through an independent parser.
    for name, command in (
        ("python", [sys.executable, str(HERE / "python_probe.py"), str(manifest_path), str(batch.folder)]),
        ("node", [tool("node"), str(HERE / "node_probe.mjs"), str(manifest_path), str(batch.folder),
                  str(REPO / "node_modules" / "prettier" / "plugins" / "typescript.mjs")]),
    ):
        workdir = batch.folder / f"cwd_{name}"
        workdir.mkdir(exist_ok=True)
        ran = subprocess.run(command, capture_output=True, text=True, cwd=workdir, timeout=1800,
                             env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
        if ran.returncode != 0 or ran.stdout or ran.stderr:
            note(-1, f"{name} probe: exit {ran.returncode}, stdout {ran.stdout[-1000:]!r}, stderr {ran.stderr[-2000:]!r}")
        results_path = batch.folder / f"results_{name}.json"
        if results_path.exists():
            for index, messages in json.loads(results_path.read_text("utf-8")).items():
                for message in messages:
                    note(int(index), f"{name}: {message}")
        leftovers = sorted(p.name for p in workdir.iterdir())
        if leftovers:
            note(-1, f"{name} probe left files in its working folder: {leftovers}")
    return problems
