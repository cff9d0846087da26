"""The ``python`` judge: the generated module imported in this process, its root codec called."""

from __future__ import annotations

import importlib
import importlib.util
import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .languages import Code, JudgeOptions
from .verdicts import JudgeBroken, Payload, Verdict

_module_counter = itertools.count()


class PythonJudge:
    label = "Python"
    needs = "nothing more"

    def unavailable(self, options: JudgeOptions) -> str | None:
        return None  # it runs in this very interpreter

    def judge(self, code: Code, payloads: Sequence[Payload], options: JudgeOptions) -> list[Verdict]:
        return python_judge(code, payloads)


def python_judge(code: Code, payloads: Sequence[Payload]) -> list[Verdict]:
    """The generated Python module, imported in this process."""
    name = f"_schemasmith_conformance_{next(_module_counter)}"
    try:
        if code.file.name == "__init__.py":
            # A package (--layout package): the folder (python/, itself a package) is imported as one
            # under a fresh name, and the index as its subpackage, so that the index finds the
            # models' package beside it and the modules' relative imports resolve.
            _import_file(name, code.file.parent.parent / "__init__.py", package=True)
            module = importlib.import_module(f"{name}.{code.file.parent.name}")
        else:
            module = _import_file(name, code.file, package=False)
    except JudgeBroken:
        raise
    except Exception as error:  # noqa: BLE001 - any failure to import is the generated code's
        raise JudgeBroken(f"the generated Python does not import: {type(error).__name__}: {error}") from None
    owner, _, function = code.codec.load.rpartition(".")
    load: Callable[[str], Any] = getattr(getattr(module, owner), function) if owner else getattr(module, function)
    method = code.codec.dump
    dump: Callable[[Any], str] = (
        (lambda value: getattr(value, method)()) if code.codec.dump_is_method else getattr(module, method)
    )
    error_class: type[Exception] = module.SchemaValidationError
    verdicts = []
    for payload in payloads:
        try:
            text = payload.data.decode("utf-8")
        except UnicodeDecodeError as error:
            verdicts.append(Verdict(False, ("",), f"not UTF-8 text ({error.reason} at byte {error.start})"))
            continue
        try:
            value = load(text)
        except error_class as error:
            verdicts.append(Verdict(False, (str(getattr(error, "pointer", "")),), str(error)))
            continue
        except Exception as error:  # noqa: BLE001 - RecursionError, TypeError...: reported, never fatal
            verdicts.append(Verdict(False, ("",), f"{type(error).__name__}: {error}", crashed=True))
            continue
        try:
            verdicts.append(Verdict(True, round_trip=dump(value)))
        except Exception as error:  # noqa: BLE001
            verdicts.append(Verdict(True, round_trip_error=f"{type(error).__name__}: {error}"))
    return verdicts



def _import_file(name: str, file: Path, package: bool) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, file, submodule_search_locations=[str(file.parent)] if package else None)
    if spec is None or spec.loader is None:
        raise JudgeBroken(f"cannot import {file}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses needs the module registered while it executes
    spec.loader.exec_module(module)
    return module


JUDGE = PythonJudge()
