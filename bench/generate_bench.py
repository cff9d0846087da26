"""Generation speed, whole process, in one run: schemasmith (all three targets) against
datamodel-codegen (Python only) and json-schema-to-typescript (TypeScript only).

Inputs: (a) the largest SchemaStore corpus schemas that generate offline, (b) a synthetic OpenAPI
document with 500 component schemas. Target: our three targets in <= 0.5x datamodel-codegen's time
for one. Usage: .venv/bin/python bench/generate_bench.py [--rounds N]. Results replace the
"## Generation" section of bench/RESULTS.md, with the machine they ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import results_section

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "schemastore" / "schemas"
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "RESULTS.md"
LARGEST = ["vega-lite", "renovate-41", "renovate-global-schema-42", "loki", "pantsbuild-2.31.0"]


def synthetic_openapi(count: int = 500, seed: int = 500) -> dict[str, object]:
    """A deterministic OpenAPI 3.1 document: objects with scalars, enums, arrays, refs and nullables."""
    rng = random.Random(seed)
    schemas: dict[str, object] = {}
    for index in range(count):
        properties: dict[str, object] = {
            "id": {"type": "string", "format": "uuid"},
            "created_at": {"type": "string", "format": "date-time"},
            "name": {"type": "string", "description": f"Name of thing {index}"},
            "count": {"type": "integer"},
            "ratio": {"type": ["number", "null"]},
            "status": {"enum": ["new", "active", "done", f"s{index}"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        }
        if index:
            properties["parent"] = {"$ref": f"#/components/schemas/Thing{rng.randrange(index)}"}
            properties["children"] = {"type": "array", "items": {"$ref": f"#/components/schemas/Thing{rng.randrange(index)}"}}
        schemas[f"Thing{index}"] = {"type": "object", "properties": properties, "required": ["id", "name"]}
    return {"openapi": "3.1.0", "info": {"title": "Synthetic", "version": "1"}, "paths": {}, "components": {"schemas": schemas}}


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    return elapsed, "" if result.returncode == 0 else (result.stderr.strip().splitlines() or ["failed"])[-1][:120]


def tools(schema: Path, kind: str, out: Path) -> dict[str, list[str]]:
    return {
        "schemasmith (python+typescript+docs)": [str(BIN / "schemasmith"), "generate", str(schema), "--out", str(out / "ours"),
                                                  "--ref-dir", str(CORPUS)],
        "datamodel-codegen (python)": [str(BIN / "datamodel-codegen"), "--input", str(schema), "--input-file-type", kind,
                                       "--output", str(out / "dmcg.py"), "--disable-timestamp", "--formatters", "builtin"],
        "json-schema-to-typescript (typescript)": [str(REPO / "node_modules" / ".bin" / "json2ts"), "-i", str(schema),
                                                   "-o", str(out / "j2t.d.ts"), "--cwd", str(schema.parent)],
    }


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, Node {node}, "
            f"load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        inputs: list[tuple[str, Path, str]] = []
        for name in LARGEST:
            path = CORPUS / f"{name}.json"
            if path.exists():
                inputs.append((f"{name} ({path.stat().st_size // 1024} KiB)", path, "jsonschema"))
        synthetic = work / "synthetic-500.openapi.json"
        synthetic.write_text(json.dumps(synthetic_openapi()), "utf-8")
        inputs.append((f"synthetic OpenAPI, 500 components ({synthetic.stat().st_size // 1024} KiB)", synthetic, "openapi"))
        rows = []
        for label, path, kind in inputs:
            medians: dict[str, float] = {}
            errors: dict[str, str] = {}
            for tool_name in tools(path, kind, work):
                samples = []
                for round_index in range(args.rounds):
                    out = work / f"out-{round_index}"
                    out.mkdir(exist_ok=True)
                    elapsed, error = timed(tools(path, kind, out)[tool_name], work)
                    if error:
                        errors[tool_name] = error
                        break
                    samples.append(elapsed)
                if samples:
                    medians[tool_name] = statistics.median(samples)
            rows.append((label, medians, errors))
            print(label, {k: round(v, 2) for k, v in medians.items()}, errors or "", flush=True)
    lines = ["## Generation", "",
             f"Written by `.venv/bin/python bench/generate_bench.py --rounds {args.rounds}` on {time.strftime('%Y-%m-%d')}: "
             "median wall time of whole processes (start-up included), all measured in the same run.", "",
             f"Machine: {machine()}.", "",
             "| input | schemasmith, 3 targets (s) | datamodel-codegen, Python (s) | json2ts, TS (s) | ours / datamodel-codegen | ours / json2ts |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    ours_key, dm_key, j2t_key = list(tools(Path("x"), "jsonschema", Path("x")))
    for label, medians, errors in rows:
        def cell(key: str) -> str:
            return f"{medians[key]:.2f}" if key in medians else f"failed: {errors.get(key, '?')}"
        def ratio(key: str) -> str:
            return f"{medians[ours_key] / medians[key]:.2f}x" if ours_key in medians and key in medians else "n/a"
        lines.append(f"| {label} | {cell(ours_key)} | {cell(dm_key)} | {cell(j2t_key)} | {ratio(dm_key)} | {ratio(j2t_key)} |")
    lines += ["", "Target: ours / datamodel-codegen <= 0.5x (three targets in half the time it takes for one).", ""]
    section = "\n".join(lines)
    results_section.write_section("## Generation", section, results=RESULTS)
    print(section)


if __name__ == "__main__":
    main()
