"""A team's repository built from scratch, as issue 13 tried it: the tool installed from its wheel
into a fresh virtual environment (offline: the wheel without dependencies, the dependencies taken
from this test run's environment), a pyproject.toml configuration, two schemas (an Order with
nested line items, an enum, a date-time, a nullable field and a oneOf; a Customer in YAML), then
`schemasmith generate` and `--check` with no arguments, the pre-commit hook's command, mypy --strict,
ruff check and ruff format --check on the generated package, tsc with a Vite-style tsconfig's strict
flags and prettier --check on the TypeScript and the Markdown docs, and the generated loaders run from
the installed tool's output.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import NODE_BIN, REPO

pytestmark = pytest.mark.xdist_group("sample_user_repo")

ORDER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Order",
    "type": "object",
    "required": ["id", "status", "placed_at", "lines", "payment"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "status": {"enum": ["pending", "paid", "shipped", "cancelled"]},
        "placed_at": {"type": "string", "format": "date-time"},
        "note": {"type": ["string", "null"], "maxLength": 500},
        "lines": {
            "type": "array",
            "minItems": 1,
            "items": {
                "title": "LineItem",
                "type": "object",
                "required": ["sku", "quantity", "unit_price"],
                "properties": {
                    "sku": {"type": "string", "pattern": "^[A-Z0-9-]+$"},
                    "quantity": {"type": "integer", "minimum": 1},
                    "unit_price": {"type": "number", "minimum": 0},
                },
            },
        },
        "payment": {
            "oneOf": [
                {"title": "CardPayment", "type": "object", "required": ["kind", "last4"],
                 "properties": {"kind": {"const": "card"}, "last4": {"type": "string", "minLength": 4, "maxLength": 4}}},
                {"title": "InvoicePayment", "type": "object", "required": ["kind", "due_days"],
                 "properties": {"kind": {"const": "invoice"}, "due_days": {"type": "integer", "minimum": 0}}},
            ]
        },
    },
}
CUSTOMER_YAML = """\
$schema: https://json-schema.org/draft/2020-12/schema
title: Customer
type: object
required: [id, email]
properties:
  id: {type: string}
  email: {type: string}
  tier: {enum: [basic, gold]}
  phone: {type: [string, "null"]}
"""
PYPROJECT = """\
[project]
name = "shop"
version = "1.0.0"

[tool.schemasmith]
schema = "schemas"

[tool.schemasmith.python]
package = "shop.models"

[tool.schemasmith.paths]
typescript = "web/src/models"
docs = "docs/models"
"""
# The strict flags a Vite-style tsconfig sets (issue 13).
TS_FLAGS = {"strict": True, "noUnusedLocals": True, "noUnusedParameters": True, "noUncheckedIndexedAccess": True,
            "exactOptionalPropertyTypes": True}


def run(command: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    built = run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "--no-index",
                 "-q", "-w", str(dist)], cwd=dist)
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("schemasmith-*.whl")
    return found


@pytest.fixture(scope="module")
def tool(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; the schemasmith command in it."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    installed = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                     "-q", str(wheel)], cwd=env_dir)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    # Offline: the dependencies are this environment's (a path entry, after the venv's own packages,
    # so the wheel's schemasmith is the one imported, never this checkout's editable install).
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=env_dir)
    Path(purelib.stdout.strip(), "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    where = run([str(python), "-c", "import schemasmith; print(schemasmith.__file__)"], cwd=env_dir)
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    return env_dir / "bin" / "schemasmith"


def test_the_wheel_ships_the_license_the_types_marker_and_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "schemasmith/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "schemasmith/_templates/python/module.py.jinja" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert "Apache License" in (REPO / "LICENSE").read_text("utf-8")


def test_a_new_repository_generates_checks_and_type_checks_with_no_arguments(tool: Path, tmp_path: Path) -> None:
    repo = tmp_path / "shop"
    (repo / "schemas").mkdir(parents=True)
    (repo / "src" / "shop").mkdir(parents=True)
    (repo / "src" / "shop" / "__init__.py").write_text("", "utf-8")
    (repo / "pyproject.toml").write_text(PYPROJECT, "utf-8")
    (repo / "schemas" / "order.schema.json").write_text(json.dumps(ORDER, indent=2) + "\n", "utf-8")
    (repo / "schemas" / "customer.yaml").write_text(CUSTOMER_YAML, "utf-8")
    assert run(["git", "init", "-q"], cwd=repo).returncode == 0

    generated = run([str(tool), "generate"], cwd=repo)
    assert generated.returncode == 0, generated.stderr
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert files == [
        "docs/models/customer/Customer.md", "docs/models/customer/index.md",
        "docs/models/order/CardPayment.md", "docs/models/order/InvoicePayment.md", "docs/models/order/LineItem.md",
        "docs/models/order/Order.md", "docs/models/order/index.md",
        "pyproject.toml", "schemas/customer.yaml", "schemas/order.schema.json",
        "src/shop/__init__.py", "src/shop/models/__init__.py", "src/shop/models/customer.py",
        "src/shop/models/order.py", "src/shop/models/py.typed",
        "web/src/models/customer.ts", "web/src/models/order.ts",
    ]
    checked = run([str(tool), "generate", "--check"], cwd=repo / "web")
    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr

    # The pre-commit hooks this repository publishes run as they are written, with no arguments.
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    entry = shlex.split(hooks["schemasmith-check"]["entry"])
    assert entry[0] == "schemasmith"
    hook = run([str(tool), *entry[1:]], cwd=repo)
    assert hook.returncode == 0, hook.stderr
    (repo / "schemas" / "customer.yaml").write_text(CUSTOMER_YAML.replace("gold]", "gold, platinum]"), "utf-8")
    stale = run([str(tool), *entry[1:]], cwd=repo)
    assert stale.returncode == 1 and "web/src/models/customer.ts (stale)" in stale.stderr.replace("../", "")
    assert "order" not in stale.stderr.split("out of date:")[1]  # one schema's edit leaves the other's files
    (repo / "schemas" / "customer.yaml").write_text(CUSTOMER_YAML, "utf-8")

    # The Python package imports, its loaders run, and mypy --strict reads it as typed (py.typed).
    python = tool.parent / "python"
    payload = {"id": "0b6f0f5e-7d3c-4d8e-9f00-1c2d3e4f5a6b", "status": "paid", "placed_at": "2026-12-07T06:00:00Z",
               "note": None, "lines": [{"sku": "AB-1", "quantity": 2, "unit_price": 9.5}],
               "payment": {"kind": "card", "last4": "4242"}}
    script = ("import json, sys\nfrom shop.models.order import Order\n"
              "order = Order.from_json(sys.argv[1])\n"
              "print(json.dumps(json.loads(order.to_json()), sort_keys=True))\n"
              "try:\n    Order.from_json(sys.argv[1].replace('4242', '42'))\nexcept ValueError as e:\n    print('refused')\n")
    loaded = run([str(python), "-c", script, json.dumps(payload)], cwd=repo / "src")
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines() == [json.dumps(payload, sort_keys=True), "refused"]
    (repo / "src" / "shop" / "use.py").write_text(
        "from shop.models.order import Order\n\n\ndef total(order: Order) -> float:\n"
        "    return sum(line.quantity * line.unit_price for line in order.lines)\n", "utf-8")
    typed = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "src/shop"], cwd=repo)
    assert typed.returncode == 0, typed.stdout + typed.stderr

    # ruff with its default settings, as a team's CI runs it on the package.
    ruff = Path(sys.executable).parent / "ruff"
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        linted = run([str(ruff), *command, "src/shop/models"], cwd=repo)
        assert linted.returncode == 0, (command, linted.stdout + linted.stderr)

    # TypeScript: tsc with the strict flags above; it and the Markdown docs: prettier --check with its defaults.
    tsc = NODE_BIN / "tsc"
    if not tsc.exists():
        pytest.skip("node_modules is not installed (make node_modules/.installed): tsc is missing")
    formatted = run([str(NODE_BIN / "prettier"), "--check", "--no-config", "web/src/models", "docs/models"], cwd=repo)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert "All matched files use Prettier code style!" in formatted.stdout
    options = {**TS_FLAGS, "noEmit": True, "target": "es2022", "module": "nodenext", "moduleResolution": "nodenext",
               "types": []}
    (repo / "tsconfig.json").write_text(json.dumps({"compilerOptions": options, "include": ["web/src/**/*.ts"]}), "utf-8")
    compiled = run([str(tsc), "-p", "tsconfig.json"], cwd=repo)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
