"""Imports generated Python modules built from hostile schemas, in a fresh interpreter; run by
tests/hostile/checks.py with an empty working folder. argv: manifest.json, the batch folder.

For every module: importing it prints nothing, opens no file but its own source, runs no process,
imports nothing beyond the standard modules the generator uses, creates no file, and defines only
the expected names (``__all__`` exactly the models and alias functions); the payload round-trips
through the loader, and a payload wrong at a hostile wire name is refused with that name's pointer.
Writes {index: [problem, ...]} to results_python.json in the batch folder; prints nothing itself.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

STDLIB_USED = ["__future__", "dataclasses", "datetime", "enum", "json", "math", "re", "uuid", "collections.abc", "typing"]
for _name in STDLIB_USED:
    importlib.import_module(_name)
sys.dont_write_bytecode = True

# Names every generated module may bind besides its models: what the runtime and imports define.
IMPORTED = {"annotations", "dataclasses", "enum", "json", "math", "re", "Any", "Final", "Literal", "NoReturn",
            "TypeAlias", "TypeVar", "Callable", "_dt", "_uuid", "_Fraction", "importlib"}
DUNDER = {"__name__", "__doc__", "__package__", "__loader__", "__spec__", "__file__", "__cached__", "__builtins__",
          "__all__", "__annotations__"}
# Audit events that reach outside the interpreter (files, processes, network, native code, hooks).
# Defining classes and functions raises others (exec, compile, object.__setattr__, ...): those are fine.
OUTSIDE = re.compile(
    r"open|os\.|subprocess\.|socket\.|shutil\.|urllib\.|http\.|ftplib\.|smtplib\.|ctypes\.|"
    r"sys\.(addaudithook|settrace|setprofile|excepthook)|builtins\.input|webbrowser\.|pty\.|glob\.|"
    r"tempfile\.|import|sqlite3\.|cpython\.run_|code\.__new__|marshal\.load|pickle\.|winreg\.|msvcrt\.",
)
# A model's own tables and decoder; the decoders and constants named by the model (or alias) and
# property that first uses them, and their kind (targets/python/target.py: PythonTypes.combinator).
PER_MODEL = re.compile(
    r"_decode_[A-Z][A-Za-z0-9]*|_(WIRE_NAMES|DEFAULTS|ATTRIBUTES)_[A-Z][A-Za-z0-9]*"
    r"|_[A-Z][A-Za-z0-9]*(_\w+)?_(array_of|tuple_of|map_of|enum_of|union_of|tagged_union_of|checked_number"
    r"|checked_string|checked_array|checked_object|pattern|values)(_\d+)?"
)
RUNTIME_PRIVATE = re.compile(r"_[a-z][a-z_]*|_[A-Z][A-Z_]*|_T|_Decoder|_MODELS|_OutOfRange")

# The optional JSON parsers a generated module looks for at import (never required): imported
# here first, so that loading them from site-packages is not counted against the module.
for _accelerator in ("msgspec.json", "orjson"):
    try:
        importlib.import_module(_accelerator)
    except ImportError:
        pass

events: list[tuple[str, tuple[Any, ...]]] = []
recording = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if recording:
        events.append((event, args))


sys.addaudithook(_audit)


def _lone_surrogate(value: Any) -> bool:
    """Whether a decoded document holds half a surrogate pair (from a \\u escape), key or string."""
    if isinstance(value, str):
        return any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    return isinstance(value, list) and any(map(_lone_surrogate, value))


def _load(module: Any, root: Any, text: str, document: Any) -> Any:
    """root.from_json(text); where the text holds a lone surrogate, which is not interoperable JSON,
    from_json must refuse the document (as `schemasmith validate` does) and from_dict is judged."""
    if not _lone_surrogate(document):
        return root.from_json(text)
    try:
        root.from_json(text)
    except module.SchemaValidationError as error:
        if error.pointer != "" or "lone UTF-16 surrogate" not in error.message:
            raise AssertionError(f"from_json refused a lone surrogate with {error.pointer!r}: {error}") from None
    else:
        raise AssertionError("from_json accepted a lone surrogate")
    return root.from_dict(document)


def main() -> None:
    global recording
    manifest = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    folder = Path(sys.argv[2])
    problems: dict[int, list[str]] = {}

    def note(index: int, message: str) -> None:
        problems.setdefault(index, []).append(message[:1500])

    for entry in manifest:
        index = entry["index"]
        path = folder / "py" / f"mod_{index}.py"
        name = f"hostile_mod_{index}"
        modules_before = set(sys.modules)
        files_before = sorted(os.listdir("."))
        out, err = io.StringIO(), io.StringIO()
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        events.clear()
        recording = True
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                spec.loader.exec_module(module)
        except BaseException as error:  # noqa: BLE001 - SystemExit from injected code is a finding too
            recording = False
            note(index, f"import failed: {type(error).__name__}: {error}")
            continue
        finally:
            recording = False
        if out.getvalue() or err.getvalue():
            note(index, f"importing printed {out.getvalue()!r} {err.getvalue()!r}")
        for event, args in events:
            if not OUTSIDE.match(event):
                continue
            if event == "open" and Path(str(args[0])).name.split(".")[0] == path.stem and str(args[1]) in ("r", "rb"):
                continue  # the module's own source (or its cached bytecode), read
            note(index, f"importing caused audit event {event} {args!r}"[:500])
        new_modules = set(sys.modules) - modules_before - {name}
        if new_modules:
            note(index, f"importing imported {sorted(new_modules)}")
        if sorted(os.listdir(".")) != files_before:
            note(index, "importing created files")
        if sorted(module.__all__) != sorted(entry["python_all"]):
            note(index, f"__all__ is {module.__all__}, expected {entry['python_all']}")
        for bound in set(vars(module)) - set(module.__all__) - IMPORTED - DUNDER:
            if not (PER_MODEL.fullmatch(bound) or RUNTIME_PRIVATE.fullmatch(bound)):
                note(index, f"unexpected module-level name {bound!r}")

        root = getattr(module, entry["root"])
        text = (folder / "payloads" / f"payload_{index}.json").read_text("utf-8")
        document = json.loads(text)
        try:
            value = _load(module, root, text, document)
            if value.to_dict() != document:
                note(index, f"round trip changed the payload: {text} -> {value.to_dict()!r}")
            if json.loads(value.to_json()) != document:
                note(index, "to_json differs from to_dict")
        except Exception as error:  # noqa: BLE001
            note(index, f"valid payload refused: {type(error).__name__}: {error}")
        bad = entry["bad"]
        if bad is not None:
            try:
                _load(module, root, bad["payload"], json.loads(bad["payload"]))
                note(index, "a payload wrong at a hostile wire name was accepted")
            except module.SchemaValidationError as error:
                if error.pointer != bad["pointer"]:
                    note(index, f"bad payload: pointer {error.pointer!r}, expected {bad['pointer']!r}")
            except Exception as error:  # noqa: BLE001
                note(index, f"bad payload: {type(error).__name__}: {error}")
    Path(folder / "results_python.json").write_text(json.dumps(problems), "utf-8")


main()
