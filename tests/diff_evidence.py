"""Evidence for the diff's verdicts: instances of one schema checked against the other.

``instances`` draws documents from a schema with hypothesis-jsonschema (derandomized: the same
documents on every run); ``refused`` checks them against the other schema with the reference
validator. A verdict "compatible" is refuted by one valid-under-OLD document NEW refuses.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisWarning

from schemasmith.source.load import LoadedSchema, load_schema
from schemasmith.validate.reference.engine import reference_validator


def instances(schema: Any, count: int) -> list[Any] | str:
    """Up to ``count`` documents hypothesis-jsonschema draws from ``schema``, or why it cannot."""
    from hypothesis_jsonschema import from_schema

    drawn: list[Any] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", HypothesisWarning)
            strategy = from_schema(schema)

            @settings(max_examples=count, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
                      suppress_health_check=list(HealthCheck))
            @given(strategy)
            def collect(value: Any) -> None:
                drawn.append(value)

            collect()
    except Exception as error:  # noqa: BLE001 - hypothesis-jsonschema's many ways to say "unsupported"
        if not drawn:
            return f"{type(error).__name__}: {str(error).splitlines()[0][:120] if str(error) else ''}"
    unique: dict[str, Any] = {}
    for value in drawn:
        unique.setdefault(json.dumps(value, sort_keys=True), value)
    return list(unique.values())


def instances_in_child(schema: Any, count: int, timeout: float) -> list[Any] | str:
    """``instances`` in a child process given ``timeout`` seconds (hypothesis-jsonschema reads some
    large schemas for minutes before drawing anything)."""
    try:
        done = subprocess.run([sys.executable, str(Path(__file__).with_name("diff_draw.py")), str(count)],
                              input=json.dumps(schema), capture_output=True, text=True, timeout=timeout,
                              cwd=Path(__file__).parent)
    except subprocess.TimeoutExpired:
        return f"no documents within {timeout:.0f} s"
    if done.returncode != 0:
        return f"drawing failed: {done.stderr.strip().splitlines()[-1][:120] if done.stderr.strip() else done.returncode}"
    result: list[Any] | str = json.loads(done.stdout)
    return result


class Judge:
    """The reference validator for one loaded schema (every format checked, offline $refs)."""

    def __init__(self, loaded: LoadedSchema) -> None:
        self.validator = reference_validator(loaded.document, registry=loaded.registry)

    def accepts(self, document: Any) -> bool:
        try:
            return bool(self.validator.is_valid(document))
        except Exception:  # noqa: BLE001 - a pattern too costly, a ref the validator cannot follow
            return True  # no verdict: never counted as a refusal


def load_value(folder: Path, name: str, value: Any) -> LoadedSchema:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(value), "utf-8")
    return load_schema(path)
