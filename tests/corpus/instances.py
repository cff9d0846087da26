"""Reading SchemaStore test instances (JSON, YAML, TOML) as the JSON values they stand for."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class _YamlWithoutTimestamps(yaml.SafeLoader):
    """YAML 1.1 would turn `2020-01-01` into a date; as JSON it is the string it was written as."""


_YamlWithoutTimestamps.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _jsonable(value: Any) -> Any:
    """TOML has native dates and times; JSON has their RFC 3339 strings."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    return value


def load_instance(path: Path) -> Any:
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    if path.suffix in (".yaml", ".yml"):
        return yaml.load(text, Loader=_YamlWithoutTimestamps)  # noqa: S506 - a SafeLoader subclass
    if path.suffix == ".toml":
        return _jsonable(tomllib.loads(text))
    raise ValueError(f"unknown instance format: {path.suffix}")
