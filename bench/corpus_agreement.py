"""Do the generated loaders agree with the reference on the SchemaStore corpus's instances?

For every corpus schema that generates: its positive (test/) and negative (negative_test/)
instances, judged by the reference validator (schemasmith.validate.reference_validator: jsonschema
with every format and ECMA-262 patterns) and by the generated Python ``from_dict`` and TypeScript
``FromWire``. Each language's verdict either agrees, differs only on keywords generation named as
left to ``schemasmith validate`` ("named"), or differs otherwise ("unnamed": a bug, or a keyword
the loaders do not check and did not name).

    .venv/bin/python bench/corpus_agreement.py [--generator DIR] [--out FILE]

``--generator`` points at another checkout's ``generator/`` folder (to measure "before").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "schemastore"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generator", type=Path, default=REPO / "generator")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(args.generator))
    sys.path.insert(0, str(REPO / "tests"))
    from corpus.instances import load_instance  # noqa: PLC0415
    from schemasmith.codegen.pipeline import Settings, render_files  # noqa: PLC0415
    from schemasmith.errors import SchemaSmithError  # noqa: PLC0415
    from schemasmith.source.load import load_schema  # noqa: PLC0415
    from schemasmith.source.refs import RefDirs  # noqa: PLC0415
    from schemasmith.targets.naming import snake_module_name  # noqa: PLC0415
    try:
        from schemasmith.targets.typescript.naming import function_prefix  # noqa: PLC0415
    except ImportError:  # a --generator from before the per-target naming modules
        from schemasmith.targets.naming import function_prefix  # type: ignore[attr-defined,no-redef]  # noqa: PLC0415
    from schemasmith.validate import reference_validator  # noqa: PLC0415

    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent")
    schemas = CORPUS / "schemas"
    ref_dirs = RefDirs(by_name=(schemas,))
    tally: Counter[str] = Counter()
    unnamed: list[str] = []
    manifest: list[dict[str, Any]] = []
    expected: dict[tuple[str, str], tuple[bool, bool]] = {}  # (schema, file) -> (reference valid, named)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        ts_dir = work / "ts"
        ts_dir.mkdir()
        for path in sorted(schemas.glob("*.json")):
            name = path.name[: -len(".json")]
            files = [(kind, f) for kind in ("test", "negative_test") if (CORPUS / kind / name).is_dir()
                     for f in sorted((CORPUS / kind / name).iterdir())]
            if not files:
                continue
            try:
                schema_ir, rendered = render_files(path, ("python", "typescript"), Settings(ref_dirs=ref_dirs))
                loaded = load_schema(path, ref_dirs)
                reference = reference_validator(loaded.document, loaded.registry)
            except SchemaSmithError:
                tally["schemas refused"] += 1
                continue
            unchecked = frozenset(u.keyword for u in getattr(schema_ir, "unchecked", ()))
            tally["schemas"] += 1
            out = work / name
            for relative, text in rendered.items():
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                (out / relative).write_text(text, "utf-8")
            (module_path,) = [p for p in (out / "python").glob("*.py") if p.name != "__init__.py"]
            spec = importlib.util.spec_from_file_location(f"corpus_{re.sub(r'[^0-9a-zA-Z]', '_', name)}", module_path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            # The root's codec: its model's from_dict, or a named type's function (a module may
            # declare named types beside a root model).
            if any(m.name == schema_ir.root_name for m in schema_ir.models):
                load = getattr(module, schema_ir.root_name).from_dict
            else:
                load = getattr(module, f"{snake_module_name(schema_ir.root_name)}_from_dict")
            (module_ts,) = (out / "typescript").glob("*.ts")
            shutil.copy(module_ts, ts_dir / f"{name}.ts")
            instances = []
            for kind, file in files:
                label = f"{kind}/{file.name}"
                try:
                    instance = load_instance(file)
                    errors = list(reference.iter_errors(instance))
                except Exception:  # noqa: BLE001 - an instance the reference cannot judge
                    tally["instances unjudged"] += 1
                    continue
                valid = not errors
                named = bool(errors) and all(_on_named_keyword(e, unchecked) for e in errors)
                tally[f"instances {'valid' if valid else 'invalid'} (reference)"] += 1
                tally[f"{kind} instances"] += 1
                expected[(name, label)] = (valid, named)
                instances.append({"file": label, "value": instance})
                try:
                    load(instance)
                    accepted = True
                except module.SchemaValidationError:
                    accepted = False
                except Exception as error:  # noqa: BLE001
                    accepted = False
                    unnamed.append(f"python crashed on {name} {label}: {type(error).__name__}: {error}"[:300])
                _count(tally, unnamed, "python", name, label, accepted, valid, named)
            manifest.append({"name": name, "module": str(ts_dir / "out" / f"{name}.js"),
                             "prefix": function_prefix(schema_ir.root_name), "instances": instances})
        shutil.copy(REPO / "tests" / "corpus" / "harness.ts", ts_dir / "harness.ts")
        _typescript(ts_dir, manifest, tally, unnamed, expected)
    lines = [f"{k}: {v}" for k, v in sorted(tally.items())] + ["", *unnamed]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, "utf-8")


def _on_named_keyword(error: Any, unchecked: frozenset[str]) -> bool:
    """A keyword of the error's schema path (or the failing one) is one SchemaIR.unchecked names, or,
    for an anyOf/oneOf, one of its branches' errors is."""
    if {str(p) for p in (*error.schema_path, error.validator)} & unchecked:
        return True
    return any(_on_named_keyword(e, unchecked) for e in error.context or ())


def _count(tally: Counter[str], unnamed: list[str], language: str, name: str, label: str, accepted: bool,
           valid: bool, named: bool) -> None:
    if accepted == valid:
        tally[f"{language} agrees"] += 1
    elif named and accepted:
        tally[f"{language} differs on named keywords"] += 1
    else:
        tally[f"{language} differs, unnamed"] += 1
        unnamed.append(f"{language} {'accepts' if accepted else 'rejects'} {name} {label} "
                       f"(reference: {'valid' if valid else 'invalid'})")


def _typescript(ts_dir: Path, manifest: list[dict[str, Any]], tally: Counter[str], unnamed: list[str],
                expected: dict[tuple[str, str], tuple[bool, bool]]) -> None:
    options = {"strict": True, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
               "outDir": str(ts_dir / "out"), "rootDir": str(ts_dir), "skipLibCheck": True,
               "typeRoots": [str(REPO / "node_modules" / "@types")]}
    (ts_dir / "tsconfig.json").write_text(json.dumps({"compilerOptions": options,
                                                      "files": [str(f) for f in sorted(ts_dir.glob("*.ts"))]}))
    (ts_dir / "package.json").write_text('{"type": "module"}')
    subprocess.run([str(REPO / "node_modules" / ".bin" / "tsc"), "-p", str(ts_dir / "tsconfig.json")],
                   capture_output=True, text=True, cwd=ts_dir, timeout=1200)
    compiled = [m for m in manifest if Path(m["module"]).exists()]
    tally["typescript modules compiled"] = len(compiled)
    (ts_dir / "manifest.json").write_text(json.dumps(compiled))
    ran = subprocess.run(["node", str(ts_dir / "out" / "harness.js"), str(ts_dir / "manifest.json")],
                         capture_output=True, text=True, timeout=1200)
    if ran.returncode != 0:
        unnamed.append(f"typescript harness failed: {ran.stderr[-500:]}")
        return
    for result in json.loads(ran.stdout):
        valid, named = expected[(result["name"], result["file"])]
        _count(tally, unnamed, "typescript", result["name"], result["file"], result["ok"], valid, named)


if __name__ == "__main__":
    main()
