"""Output paths and atomic output under hostile schemas.

- Model names and titles (``../``, absolute paths, drive letters, device names, names differing only
  in case, ``index``) never lead a write outside ``--out``: proved by an audit hook that records every
  write the process makes, and by snapshots of everything around ``--out``.
- Generation renders everything before it touches ``--out``; a failing template, a failing write or
  a failing rename leaves the previous output as it was. ``--check`` writes nothing at all.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import GENERATED, REPO, SCHEMA
from schemasmith import Settings, generate
from schemasmith.codegen import pipeline
from schemasmith.codegen import journal, write
from schemasmith.errors import SchemaSmithError
from schemasmith.ir.identifiers import WINDOWS_DEVICE_NAMES
from schemasmith.targets.naming import snake_module_name

PATH_TITLES = [
    "../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "C:\\x", "C:x", "\\\\server\\share\\x",
    "CON", "con", "Nul", "AUX", "prn", "COM1", "lpt9", "con.txt", "index", "INDEX", ".", "..", "~",
    "\x00", "a\x00b", "a/b", "x" * 200, "Session", "session", "", " ", "\u202e", "名前",
]

# Records every write-like operation the process makes, runs the CLI with argv, and dumps what it saw.
AUDITED_CLI = """
import json, os, sys
writes = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int):
            return  # os.fdopen of a descriptor already opened (and recorded) by path
        if (isinstance(mode, str) and set(mode) & set("wax+")) or (mode is None and isinstance(flags, int) and flags & WRITE_FLAGS):
            writes.append([event, os.fsdecode(path)])
    elif event == "os.rename":
        writes.extend([[event, os.fsdecode(args[0])], [event, os.fsdecode(args[1])]])
    elif event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.symlink", "os.link",
                   "os.truncate", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile", "tempfile.mkstemp",
                   "tempfile.mkdtemp"):
        path = os.fsdecode(args[0]) if not isinstance(args[0], int) else f"/proc/self/fd/{args[0]}"
        # shutil.rmtree removes by descriptor: a name relative to dir_fd (the event's last argument).
        dir_fd = args[-1] if event in ("os.remove", "os.rmdir", "os.mkdir") else None
        if isinstance(dir_fd, int) and not os.path.isabs(path):
            path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), path)
        writes.append([event, path])
sys.addaudithook(hook)
from schemasmith.cli.main import main
try:
    main(sys.argv[2:], prog_name="schemasmith")
    code = 0
except SystemExit as exit:
    code = exit.code
report = {"code": code, "writes": list(writes)}
with open(sys.argv[1], "w") as handle:
    json.dump(report, handle)
"""


def audited(args: list[str], cwd: Path) -> tuple[int, list[tuple[str, Path]], str]:
    """Run the CLI in a fresh interpreter; its exit code, every write it made, and its stderr."""
    report = cwd / "audit-report.json"
    result = subprocess.run(
        [sys.executable, "-c", AUDITED_CLI, str(report), *args], capture_output=True, text=True, cwd=cwd, timeout=300,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(REPO)),
    )
    assert report.exists(), result.stderr[-3000:]
    data = json.loads(report.read_text("utf-8"))
    report.unlink()
    writes = [(event, (cwd / path).resolve()) for event, path in data["writes"] if Path(path).name != report.name]
    return data["code"], writes, result.stderr


def snapshot(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
        for p in sorted(folder.rglob("*"))
    }


def hostile_path_schema(titles: list[str]) -> dict[str, Any]:
    """Models titled (and keyed) by each hostile title, all reachable from the root."""
    defs = {f"{title}/{i}": {"type": "object", "title": title, "properties": {"v": {"type": "string"}}}
            for i, title in enumerate(titles)}
    refs = {f"p{i}": {"$ref": "#/$defs/" + quote(key.replace("~", "~0").replace("/", "~1"), safe="")}
            for i, key in enumerate(defs)}
    return {"title": titles[0], "type": "object", "properties": refs, "$defs": defs}


def check_output_names(out: Path) -> None:
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    lowered = [f.lower() for f in files]
    assert len(set(lowered)) == len(lowered), "two outputs differ only in case"
    for relative in files:
        stem = relative.rsplit("/", 1)[-1].split(".")[0].lower()
        assert stem not in WINDOWS_DEVICE_NAMES, relative
    pages = [f for f in lowered if f.startswith("docs/")]
    assert pages.count("docs/index.md") == 1


@pytest.mark.parametrize("openapi", [False, True], ids=["json-schema", "openapi"])
def test_hostile_titles_and_keys_write_only_inside_out(tmp_path: Path, openapi: bool) -> None:
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    document = hostile_path_schema(PATH_TITLES)
    if openapi:
        # Component keys name the models; the index keeps keys that spell no word (".", "~") apart.
        document = openapi_document([f"{title}{i}" for i, title in enumerate(PATH_TITLES)])
    schema = sandbox / "con.json"  # a device name for a file stem, too
    schema.write_text(json.dumps(document), "utf-8")
    (sandbox / "neighbour.txt").write_text("untouched", "utf-8")
    out = sandbox / "deep" / "out"
    before = snapshot(tmp_path)
    code, writes, stderr = audited(["generate", str(schema), "--out", str(out)], cwd=sandbox)
    assert code == 0, stderr
    assert writes, "the audit hook saw no writes at all"
    outside = [(event, path) for event, path in writes if not path.is_relative_to(out.resolve())]
    # Creating --out's own missing parents is the one write beside it.
    assert all(event == "os.mkdir" and out.resolve().is_relative_to(path) for event, path in outside), outside
    after = snapshot(tmp_path)
    changed = {path for path in set(before) | set(after) if before.get(path, b"") != after.get(path, b"")}
    assert all(path == "sandbox/deep" or path.startswith("sandbox/deep/out") for path in changed), sorted(changed)
    check_output_names(out)
    # The file stem "con" would be a device name on Windows: the modules are named around it.
    module = f"{snake_module_name('con') if openapi else 'etc_passwd'}.py"
    assert sorted(p.name for p in (out / "python").iterdir()) == sorted(["__init__.py", "py.typed", module])


def test_a_name_too_long_for_the_filesystem_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"title": "x" * 300, "type": "object", "properties": {"v": {"type": "string"}}}), "utf-8")
    code, writes, stderr = audited(["generate", str(schema), "--out", str(tmp_path / "out")], cwd=tmp_path)
    assert code == 2 and stderr.count("\n") == 1 and "File name too long" in stderr, stderr
    assert not (tmp_path / "out").exists()
    assert all(path.is_relative_to(tmp_path / "out") for _, path in writes), writes


@pytest.mark.parametrize(
    ("stem", "module"),
    [("con", "con_models"), ("NUL", "nul_models"), ("lpt1", "lpt1_models"), ("json", "json_models"), ("re", "re_models"),
     ("typing", "typing_models"), ("orders", "orders")],
)
def test_module_file_names_avoid_device_names_and_shadowing(tmp_path: Path, stem: str, module: str) -> None:
    """An OpenAPI document's file name names the modules: never a Windows device name, nor a module
    the generated Python imports (python/json.py would shadow the real json for its own folder)."""
    schema = tmp_path / f"{stem}.openapi.json"
    components = {"Thing": {"type": "object", "properties": {"v": {"type": "string"}}}}
    schema.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": components}}), "utf-8")
    generate(schema, tmp_path / "out", settings=Settings())
    assert (tmp_path / "out" / "python" / f"{module}.py").is_file()
    assert (tmp_path / "out" / "typescript" / f"{module}.ts").is_file()
    # The module imports cleanly from its own folder, so nothing it imports is shadowed.
    result = subprocess.run([sys.executable, "-c", f"import {module}"], cwd=tmp_path / "out" / "python",
                            capture_output=True, text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert result.returncode == 0, result.stderr


def openapi_document(names: list[str]) -> dict[str, Any]:
    components = {n: {"type": "object", "properties": {"v": {"type": "string"}}} for n in names}
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": components}}


def test_names_differing_only_in_case_get_distinct_files(tmp_path: Path) -> None:
    names = ["Foo", "FOO", "Index", "index", "CON", "Con", "Session", "SESSION", "Order", "orderWire"]
    schema = tmp_path / "api.json"
    schema.write_text(json.dumps(openapi_document(names)), "utf-8")
    generate(schema, tmp_path / "out", settings=Settings())
    check_output_names(tmp_path / "out")
    pages = sorted(p.name for p in (tmp_path / "out" / "docs").glob("*.md"))
    assert len(pages) == len(names) + 1, pages  # every model has its own page, beside index.md


@pytest.mark.parametrize(
    ("names", "holder"),
    [(["Foo", "FOO", "foo"], "FOO"), (["Session", "SESSION", "sessionWire"], "SESSION")],
)
def test_a_third_name_differing_only_in_case_is_refused_clearly(tmp_path: Path, names: list[str], holder: str) -> None:
    """Foo, then FOO (spelled from its pointer), then foo: no name is left that differs from both
    in more than case, so the schema is refused naming the two pointers, and nothing is written.
    (SESSION's name, spelled from its pointer, also claims the one sessionWire falls back to.)"""
    schema = tmp_path / "api.json"
    schema.write_text(json.dumps(openapi_document(names)), "utf-8")
    expected = f"#/components/schemas/{holder} and #/components/schemas/{names[2]} both end up named"
    with pytest.raises(SchemaSmithError, match=expected):
        generate(schema, tmp_path / "out", settings=Settings())
    assert not (tmp_path / "out").exists()


_cached_environment = functools.lru_cache(maxsize=None)(pipeline.make_environment)


@pytest.mark.parametrize(
    "path",
    ["../x.py", "python/../../x.py", "/etc/passwd", "C:/x.py", "C:x.py", "python\\..\\x.py", "", ".", "..",
     "python/x\x00.py", "//server/share/x.py"],
)
def test_safe_relative_path_refuses_paths_that_could_leave_out(path: str) -> None:
    with pytest.raises(SchemaSmithError, match="refusing to write outside the output folder"):
        write.safe_relative_path(path)


@pytest.mark.parametrize("link", ["docs", "docs/Session.md"])
def test_symbolic_links_inside_out_are_not_followed(tmp_path: Path, link: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Session.md").write_text("theirs", "utf-8")
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    (out / link).unlink() if (out / link).is_file() else shutil.rmtree(out / link)
    (out / link).symlink_to(outside / "Session.md" if link.endswith(".md") else outside)
    schema = tmp_path / "session.schema.json"
    schema.write_text(SCHEMA.read_text("utf-8").replace("Timestamp of the session", "When it began"), "utf-8")
    before = snapshot(outside)
    with pytest.raises(SchemaSmithError, match="symbolic link"):
        generate(schema, out, settings=Settings(docs_import_path="syllable-sdk/models/components"))
    assert snapshot(outside) == before


# --- atomic output --------------------------------------------------------------------------------


@pytest.fixture()
def stale_output(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes | None]]:
    """A copy of the committed outputs and a schema edit that makes every one of them stale."""
    out = tmp_path / "out"
    shutil.copytree(GENERATED, out)
    schema = tmp_path / "session.schema.json"
    document = json.loads(SCHEMA.read_text("utf-8"))
    document["description"] = "Changed, so that every generated file changes."
    schema.write_text(json.dumps(document, indent=2), "utf-8")
    return schema, out, snapshot(out)


@pytest.mark.parametrize("failing_call", [1, 2, 4])
def test_a_failing_rename_puts_the_previous_output_back(
    stale_output: tuple[Path, Path, dict[str, bytes | None]], monkeypatch: pytest.MonkeyPatch, failing_call: int
) -> None:
    schema, out, before = stale_output
    real_replace = os.replace
    calls = []

    def flaky_replace(source: Any, target: Any) -> None:
        calls.append(target)
        if len(calls) == failing_call:
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", flaky_replace)
    with pytest.raises(SchemaSmithError, match="the previous output was restored"):
        generate(schema, out, settings=Settings())
    monkeypatch.undo()
    assert snapshot(out) == before


def test_a_failing_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk on the third file: nothing replaced, no temporary file, no folder left over."""
    real_write_file = journal._write_file
    calls = []

    def full_disk(path: Path, data: bytes, mode: int | None) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_write_file(path, data, mode)

    monkeypatch.setattr(journal, "_write_file", full_disk)
    out = tmp_path / "nested" / "out"
    with pytest.raises(SchemaSmithError, match="No space left on device"):
        generate(SCHEMA, out, settings=Settings())
    assert not (tmp_path / "nested").exists()


def test_a_template_crashing_midway_leaves_the_previous_output(
    stale_output: tuple[Path, Path, dict[str, bytes | None]], tmp_path: Path
) -> None:
    """A template that raises a Python error (not a Jinja one) after others rendered: nothing written."""
    schema, out, before = stale_output
    broken = tmp_path / "broken" / "docs"
    broken.mkdir(parents=True)
    (broken / "index.md.jinja").write_text("{{ 1 // 0 }}\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "schemasmith", "generate", str(schema), "--out", str(out), "--templates", str(tmp_path / "broken")],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert result.returncode != 0
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_template_crashing_midway_is_a_one_line_error(tmp_path: Path) -> None:
    """Named by the innermost template and line, here a file the overriding template includes."""
    broken = tmp_path / "broken" / "docs"
    broken.mkdir(parents=True)
    (broken / "index.md.jinja").write_text("# Index\n{% include 'docs/divide.jinja' %}\n", "utf-8")
    (broken / "divide.jinja").write_text("one\ntwo\n{{ 1 // 0 }}\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "schemasmith", "generate", str(SCHEMA), "--out", str(tmp_path / "out"), "--templates", str(tmp_path / "broken")],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{broken / 'divide.jinja'}:3: template error: ZeroDivisionError: " in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("state", ["stale", "absent"])
def test_check_makes_no_write_at_all(stale_output: tuple[Path, Path, dict[str, bytes | None]], state: str) -> None:
    schema, out, before = stale_output
    if state == "absent":
        shutil.rmtree(out)
    code, writes, stderr = audited(["generate", str(schema), "--out", str(out), "--check"], cwd=out.parent)
    assert code == 1, stderr
    assert writes == []
    assert (snapshot(out) == before) if state == "stale" else not out.exists()
