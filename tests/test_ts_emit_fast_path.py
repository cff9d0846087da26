"""``--ts-emit js`` in the package layout renders each model file straight as its ``.js`` and its
``.d.ts`` from the templates (no tree-sitter parse: they are nearly all of a big description's
bytes). The tree-sitter transforms stay, and are the oracle: for every model file of several
schemas, with the folder's own runtime and with the shared one,

- the rendered ``.js`` is byte for byte ``javascript_of`` of the same file rendered as ``.ts``;
- the rendered ``.d.ts`` is byte for byte ``declarations_of`` of it but for its import lines (it
  imports the types it names, where ``declarations_of`` keeps every type the .ts imported), imports
  no name the oracle's does not, agrees with the ``.ts`` export by export under tsc, and the whole
  folder's declarations pass ``tsc --strict`` with declaration files checked;
- no model file is parsed.

Conformance of the ``.js`` (package layout) is in test_ts_emit.py."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import REPO
from schemasmith import Settings
from schemasmith.codegen import pipeline
from schemasmith.codegen.pipeline import render_files
from schemasmith.targets.typescript import ts_syntax
from schemasmith.targets.typescript.declarations import declarations_of
from schemasmith.targets.typescript.erase_types import javascript_of
from test_ts_emit_transforms import _agreement_check, _tsc

SCHEMAS = REPO / "tests" / "schemas"
RUNTIMES = ("inline", "shared")
# The index and the runtimes still go through the transforms: every other file is a model file.
NOT_MODELS = re.compile(r"(^|/)(index|_runtime)\.ts$")
_IMPORT = re.compile(r"^// prettier-ignore\nimport (type )?\{ ([^}]*) \} from (\"[^\"]*\");\n", re.MULTILINE)


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = {name: SCHEMAS / f"{name}.json" for name in ("sessions-api.openapi", "constructs.schema", "cycles.schema")}
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synthetic_api import document
    finally:
        sys.path.remove(str(REPO / "bench"))
    synthetic = tmp_path_factory.mktemp("synthetic") / "synthetic.json"
    synthetic.write_text(json.dumps(document(40)), "utf-8")
    found["synthetic"] = synthetic
    return found


def _render(schema: Path, runtime: str, emit: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # Unstamped: each header carries its own file's hash, which differs between a .ts and its .js.
    monkeypatch.setattr(pipeline, "stamp", lambda content: content)
    _, files = render_files(schema, ("typescript",), Settings(layout="package", runtime=runtime, ts_emit=emit))
    assert all(isinstance(text, str) for text in files.values())
    return {path: str(text) for path, text in files.items()}


def _models(sources: dict[str, str]) -> list[str]:
    return [path for path in sources if path.endswith(".ts") and not NOT_MODELS.search(path)]


def _imports(text: str) -> set[tuple[str, str]]:
    """(module, name) for each name the file imports."""
    return {(module, name) for _, names, module in _IMPORT.findall(text) for name in names.split(", ")}


@pytest.fixture(scope="module")
def rendered(schemas: dict[str, Path]) -> dict[tuple[str, str], tuple[dict[str, str], dict[str, str], list[str]]]:
    """For each schema and runtime: the sources (--ts-emit ts), the compiled files (js), and the
    texts ts_syntax.parse was given while the compiled files were rendered."""
    results = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, schema in schemas.items():
            for runtime in RUNTIMES:
                sources = _render(schema, runtime, "ts", monkeypatch)
                parsed: list[str] = []
                original = ts_syntax.parse

                def recording(text: str, original=original, parsed=parsed):  # type: ignore[no-untyped-def]
                    parsed.append(text)
                    return original(text)

                monkeypatch.setattr(ts_syntax, "parse", recording)
                compiled = _render(schema, runtime, "js", monkeypatch)
                monkeypatch.setattr(ts_syntax, "parse", original)
                results[(name, runtime)] = (sources, compiled, parsed)
    return results


def test_every_model_files_javascript_is_what_the_transform_makes_of_its_source(rendered) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for key, (sources, compiled, _) in rendered.items():
        models = _models(sources)
        assert models, key
        for path in models:
            js = compiled[path[: -len(".ts")] + ".js"]
            assert js == javascript_of(sources[path]), (key, path)
            checked += 1
    assert checked > 80


def test_every_model_files_declarations_are_the_transforms_but_for_their_imports(rendered) -> None:  # type: ignore[no-untyped-def]
    for key, (sources, compiled, _) in rendered.items():
        for path in _models(sources):
            ours = compiled[path[: -len(".ts")] + ".d.ts"]
            oracle = declarations_of(sources[path])
            assert _IMPORT.sub("", ours) == _IMPORT.sub("", oracle), (key, path)
            # The oracle keeps each type the .ts imported; ours, those its declarations name: fewer,
            # never another (tsc below shows none is missing).
            assert _imports(ours) <= _imports(oracle), (key, path)
            assert "import type" in ours or "import " not in ours, (key, path)  # no value imports


def test_the_other_files_are_the_transforms_and_the_same_files_are_written(rendered) -> None:  # type: ignore[no-untyped-def]
    for key, (sources, compiled, _) in rendered.items():
        expected = [f"{path[: -len('.ts')]}{suffix}" for path in sources for suffix in (".js", ".d.ts")]
        assert list(compiled) == expected, key  # the same files, in the same order as before
        for path in sources:
            if NOT_MODELS.search(path):
                stem = path[: -len(".ts")]
                assert compiled[f"{stem}.js"] == javascript_of(sources[path]), (key, path)
                assert compiled[f"{stem}.d.ts"] == declarations_of(sources[path]), (key, path)


def test_no_model_file_is_parsed(rendered) -> None:  # type: ignore[no-untyped-def]
    for key, (sources, _, parsed) in rendered.items():
        others = {text for path, text in sources.items() if NOT_MODELS.search(path)}
        assert parsed and set(parsed) == others, key
        models = {sources[path] for path in _models(sources)}
        assert not models & set(parsed), key


@pytest.mark.skipif(shutil.which("node") is None, reason="node is needed for tsc")
def test_declarations_agree_with_the_sources_and_pass_strict_tsc(rendered, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files: list[Path] = []
    for (name, runtime), (sources, compiled, _) in rendered.items():
        case = f"{name.replace('.', '_').replace('-', '_')}_{runtime}"
        for folder, texts in (("decl", compiled), ("src", sources)):
            for path, text in texts.items():
                if path.endswith(".js"):
                    continue
                target = tmp_path / folder / case / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
                if folder == "decl":
                    files.append(target)  # every declaration file of the folder, checked
        for path in _models(sources):
            module = f"{case}/{path[: -len('.ts')]}"
            check = tmp_path / (module.replace("/", "__") + ".check.ts")
            check.write_text(_agreement_check(module, sources[path]), "utf-8")
            files.append(check)
    result = _tsc(tmp_path, files, skipLibCheck=False, noEmit=True)
    assert result.returncode == 0, result.stdout[-5000:]


def test_a_replaced_model_template_goes_through_the_transforms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's copy of _model.ts.jinja (--templates) need not know the `javascript` flag: such a
    copy written before it was, and still TypeScript, is erased by the transforms, not shipped as .js."""
    builtin = (REPO / "templates" / "typescript" / "_model.ts.jinja").read_text("utf-8")
    flag = "{% set js = javascript is defined and javascript %}"
    assert builtin.count(flag) == 1
    mine = tmp_path / "templates" / "typescript" / "_model.ts.jinja"
    mine.parent.mkdir(parents=True)
    mine.write_text(builtin.replace(flag, "{% set js = false %}"), "utf-8")
    monkeypatch.setattr(pipeline, "stamp", lambda content: content)
    schema = SCHEMAS / "cycles.schema.json"
    templates = mine.parent.parent
    _, sources = render_files(schema, ("typescript",), Settings(layout="package", templates=templates))
    _, compiled = render_files(schema, ("typescript",), Settings(layout="package", templates=templates, ts_emit="js"))
    models = _models({path: str(text) for path, text in sources.items()})
    assert models
    for path in models:
        assert compiled[path[: -len(".ts")] + ".js"] == javascript_of(str(sources[path])), path
        assert compiled[path[: -len(".ts")] + ".d.ts"] == declarations_of(str(sources[path])), path


def test_the_header_is_not_doubled_when_the_first_statement_goes() -> None:
    """(The transforms' path:) a module whose first statement goes, in the .d.ts (an import of values
    only) or in the .js (an import of types), keeps its header once in both files. A second header
    detector in emit.py once took the statement's `// prettier-ignore` for part of the header and
    wrote the header again (31 of GitHub's model files before the direct rendering)."""
    from schemasmith.targets.typescript.emit import split_sources

    header = "// Generated by schemasmith from x.json (sha256 0).\n// Do not edit.\n"
    ts = (header + "// prettier-ignore\n"
          'import { helper } from "./h.js";\n\n// prettier-ignore\nexport type T = string;\n')
    declared = declarations_of(ts)
    assert declared == header + "\n// prettier-ignore\nexport type T = string;\n"
    typed = header + '// prettier-ignore\nimport type { A } from "./a.js";\n\n// prettier-ignore\nexport const x: number = 1;\n'
    for source in (ts, typed):
        for text in split_sources({"typescript/x.ts": source}).values():
            assert text.startswith(header) and text.count("Generated by") == 1, text
