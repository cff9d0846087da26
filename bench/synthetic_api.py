"""A synthetic OpenAPI 3.0 description with N components (default 1,000), for measuring what grows
with the number of models without fetching GitHub's (bench/big_api_bench.py): each component has
a few scalar properties of the usual kinds (string with a format, integer with bounds, enum,
nullable, array of strings) and refers to up to two components of its own block of ten, so one
model's references are a handful, as in a real API, not the whole document.

    .venv/bin/python bench/synthetic_api.py OUT.json [--components 1000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def component(i: int, count: int) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "id": {"type": "integer", "minimum": 0},
        "name": {"type": "string", "maxLength": 200},
        "created_at": {"type": "string", "format": "date-time"},
        "state": {"type": "string", "enum": ["open", "closed", "draft"]},
        "note": {"type": "string", "nullable": True},
        "labels": {"type": "array", "items": {"type": "string"}},
        "score": {"type": "number"},
        "url": {"type": "string", "format": "uri"},
    }
    for step in (1, 2):
        j = i + step
        if j < count and j // 10 == i // 10:
            properties[f"ref_{step}"] = {"$ref": f"#/components/schemas/Thing{j}"}
    return {"type": "object", "description": f"Thing number {i}.", "properties": properties,
            "required": ["id", "name"]}


def document(count: int) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Synthetic", "version": "1"}, "paths": {},
            "components": {"schemas": {f"Thing{i}": component(i, count) for i in range(count)}}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--components", type=int, default=1000)
    args = parser.parse_args()
    args.out.write_text(json.dumps(document(args.components), indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
