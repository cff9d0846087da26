"""Configuration and several schemas per run (issue 13): [tool.schemasmith] / schemasmith.toml,
found from the working folder up; schemas owning their files in one output; the Python package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

ORDER = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Order",
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "status": {"enum": ["open", "paid"]}},
}
CUSTOMER = {
    "title": "Customer",
    "type": "object",
    "properties": {"name": {"type": "string"}, "email": {"type": ["string", "null"]}},
}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def user_repo(tmp_path: Path, config: str, name: str = "pyproject.toml") -> Path:
    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    (repo / "schemas" / "order.schema.json").write_text(json.dumps(ORDER, indent=2), "utf-8")
    (repo / "schemas" / "customer.yaml").write_text(
        "title: Customer\ntype: object\nproperties:\n  name: {type: string}\n  email: {type: [string, 'null']}\n", "utf-8"
    )
    (repo / name).write_text(config, "utf-8")
    return repo


def test_generate_and_check_need_no_arguments_from_any_subfolder(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[project]\nname = "shop"\n\n[tool.schemasmith]\nschema = "schemas"\nout = "models"\n')
    (repo / "deep" / "er").mkdir(parents=True)
    result = run("generate", cwd=repo / "deep" / "er")
    assert result.returncode == 0, result.stderr
    assert files(repo / "models") == [
        "docs/customer/Customer.md", "docs/customer/index.md", "docs/order/Order.md", "docs/order/index.md",
        "python/__init__.py", "python/customer.py", "python/order.py", "python/py.typed",
        "typescript/customer.ts", "typescript/order.ts",
    ]
    assert run("generate", "--check", cwd=repo).returncode == 0
    (repo / "schemas" / "order.schema.json").write_text(json.dumps({**ORDER, "title": "Order"}, indent=4), "utf-8")
    assert run("generate", "--check", cwd=repo).returncode == 0  # re-indented: nothing is stale
    ORDER_EDITED = {**ORDER, "description": "An order."}
    (repo / "schemas" / "order.schema.json").write_text(json.dumps(ORDER_EDITED), "utf-8")
    result = run("generate", "--check", cwd=repo / "deep")
    assert result.returncode == 1 and "python/order.py (stale)" in result.stderr
    assert "customer" not in result.stderr.split("out of date:")[1]


def test_schemasmith_toml_holds_the_same_keys_at_the_top(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, 'schema = ["schemas/order.schema.json"]\nout = "gen"\ntargets = ["python"]\n',
                     name="schemasmith.toml")
    result = run("generate", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert files(repo / "gen") == ["python/__init__.py", "python/order.py", "python/py.typed"]


def test_flags_override_the_configuration(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas/order.schema.json"\nout = "gen"\n')
    result = run("generate", "schemas/customer.yaml", "--out", "elsewhere", "--target", "typescript", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert files(repo / "elsewhere") == ["typescript/customer.ts"] and not (repo / "gen").exists()


def test_bad_configuration_is_one_line_naming_file_line_and_key(tmp_path: Path) -> None:
    cases = {
        '[tool.schemasmith]\nschema = "s.json"\nshcema = "x"\n': ("pyproject.toml:3: unknown key 'shcema' in [tool.schemasmith]"),
        '[tool.schemasmith]\nout = 3\n': "pyproject.toml:2: 'out' must be a string, not int",
        '[tool.schemasmith]\ntargets = ["pyhton"]\n': "pyproject.toml:2: unknown target 'pyhton'",
        '[tool.schemasmith.paths]\nrust = "src"\n': "pyproject.toml:2: unknown target 'rust' in [tool.schemasmith].paths",
        '[tool.schemasmith.python]\npackage = "shop-models"\n': "pyproject.toml:2: python.package 'shop-models' is not",
        '[tool.schemasmith\n': "pyproject.toml: not valid TOML",
    }
    for number, (text, expected) in enumerate(cases.items()):
        (tmp_path / str(number)).mkdir()
        repo = user_repo(tmp_path / str(number), text)
        result = run("generate", "--check", cwd=repo)
        assert result.returncode == 2, (text, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("schemasmith: error: "), result.stderr
        assert expected in lines[0], (expected, lines[0])
        assert str(repo / "pyproject.toml") in lines[0]


def test_without_configuration_or_schema_it_says_what_to_do(tmp_path: Path) -> None:
    result = run("generate", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("schemasmith: error: no schema to generate from: pass SCHEMA, or set `schema`")
    assert not (tmp_path / "generated").exists()


def test_this_repository_keeps_its_session_default() -> None:
    result = run("generate", "--check", cwd=REPO / "generator")  # the configuration is found upward
    assert result.returncode == 0, result.stderr
    assert result.stderr == "schemasmith: ../generated is up to date\n" or "up to date" in result.stderr


def test_a_second_schema_into_the_same_out_keeps_the_first_ones_files(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, "")
    targets = ["--target", "python", "--target", "typescript"]
    assert run("generate", "schemas/order.schema.json", "--out", "out", *targets, cwd=repo).returncode == 0
    first = {path: (repo / "out" / path).read_bytes() for path in files(repo / "out")}
    result = run("generate", "schemas/customer.yaml", "--out", "out", *targets, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "2 file(s) updated" in result.stderr and "removed" not in result.stderr
    assert files(repo / "out") == sorted([*first, "python/customer.py", "typescript/customer.ts"])
    assert all((repo / "out" / path).read_bytes() == content for path, content in first.items())
    assert run("generate", "schemas/order.schema.json", "--out", "out", "--check", *targets, cwd=repo).returncode == 0
    # The docs of two schemas run apart would share docs/index.md: refused, naming what to do.
    assert run("generate", "schemas/order.schema.json", "--out", "out", cwd=repo).returncode == 0
    result = run("generate", "schemas/customer.yaml", "--out", "out", cwd=repo)
    assert result.returncode == 2
    assert "docs/index.md: this file was generated from order.schema.json, not from the schema(s) of this run" in result.stderr
    # In one run they are generated side by side.
    result = run("generate", "schemas/order.schema.json", "schemas/customer.yaml", "--out", "both", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "docs/order/index.md" in files(repo / "both") and "docs/customer/index.md" in files(repo / "both")


def test_a_configuration_run_removes_the_files_of_a_schema_taken_off_its_list(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas"\nout = "gen"\ntargets = ["python"]\n')
    assert run("generate", cwd=repo).returncode == 0
    (repo / "schemas" / "customer.yaml").unlink()
    result = run("generate", "--check", cwd=repo)
    assert result.returncode == 1 and "python/customer.py (extra)" in result.stderr
    result = run("generate", cwd=repo)
    assert result.returncode == 0 and "removed: python/customer.py" in result.stderr
    assert files(repo / "gen") == ["python/__init__.py", "python/order.py", "python/py.typed"]


def test_python_into_a_package_folder_is_importable_and_typed(tmp_path: Path) -> None:
    repo = user_repo(
        tmp_path,
        '[tool.schemasmith]\nschema = "schemas"\n\n[tool.schemasmith.python]\npackage = "shop.models"\n\n'
        '[tool.schemasmith.paths]\ntypescript = "web/src/models"\ndocs = "docs/models"\n',
    )
    (repo / "src" / "shop").mkdir(parents=True)
    (repo / "src" / "shop" / "__init__.py").write_text("", "utf-8")
    result = run("generate", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert files(repo / "src") == ["shop/__init__.py", "shop/models/__init__.py", "shop/models/customer.py",
                                   "shop/models/order.py", "shop/models/py.typed"]
    assert files(repo / "web") == ["src/models/customer.ts", "src/models/order.ts"]
    assert "order/Order.md" in files(repo / "docs" / "models")
    assert not (repo / "generated").exists()
    assert run("generate", "--check", cwd=repo).returncode == 0
    script = "from shop.models.order import Order; print(Order.from_json('{\"id\": \"7\"}').id)"
    imported = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=repo / "src")
    assert imported.stdout == "7\n", imported.stderr
    # mypy reads the package as typed (PEP 561): it finds it through py.typed on the path.
    (tmp_path / "use.py").write_text("from shop.models.order import Order\n\nx: str = Order(id='1').id\n", "utf-8")
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(tmp_path / "use.py")],
                           capture_output=True, text=True, cwd=tmp_path, env={"MYPYPATH": str(repo / "src"), "PATH": "/usr/bin:/bin"})
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_a_package_name_that_does_not_match_its_folder_is_refused(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas"\n[tool.schemasmith.python]\npackage = "shop.models"\n'
                               '[tool.schemasmith.paths]\npython = "lib/models"\n')
    result = run("generate", cwd=repo)
    assert result.returncode == 2
    assert "paths.python (lib/models) is not where python.package 'shop.models' is imported from" in result.stderr


def test_validate_and_conformance_default_to_the_configured_schema(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas/order.schema.json"\n')
    (repo / "good.json").write_text('{"id": "1", "status": "paid"}', "utf-8")
    (repo / "bad.json").write_text('{"status": "lost"}', "utf-8")
    assert run("validate", "good.json", cwd=repo).returncode == 0
    result = run("validate", "bad.json", cwd=repo)
    assert result.returncode == 1 and "'id' is a required property" in result.stdout + result.stderr
    assert run("diff", "--against", "HEAD", cwd=repo).returncode == 2  # not a git repository: said, not a traceback


def test_validate_and_conformance_without_schema_name_the_configured_schemas_when_there_are_several(
    tmp_path: Path,
) -> None:
    # Which schema a payload is meant for is the user's to say: one error line listing them, never
    # this repository's Session schema or the first of the list. A folder of one schema is that schema.
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas"\n')
    (repo / "good.json").write_text('{"id": "1", "status": "paid"}', "utf-8")
    for command in ("validate", "conformance"):
        result = run(command, "good.json", cwd=repo)
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            "schemasmith: error: pyproject.toml names 2 schemas (schemas/customer.yaml, "
            "schemas/order.schema.json): pass --schema to pick one\n"
        )
    assert run("validate", "good.json", "--schema", "schemas/order.schema.json", cwd=repo).returncode == 0
    (repo / "schemas" / "customer.yaml").unlink()
    assert run("validate", "good.json", cwd=repo / "schemas").returncode == 2  # ../good.json: not here
    assert run("validate", "../good.json", cwd=repo / "schemas").returncode == 0  # schemas/ names one


def test_diff_against_a_revision_without_schema_compares_every_configured_schema(tmp_path: Path) -> None:
    repo = user_repo(tmp_path, '[tool.schemasmith]\nschema = "schemas"\n')
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "schemas"], cwd=repo, check=True)
    (repo / "schemas" / "order.schema.json").write_text(
        json.dumps({**ORDER, "required": ["id", "status"]}), "utf-8")  # a new required property: breaking
    (repo / "schemas" / "customer.yaml").write_text(
        "title: Customer\ntype: object\nproperties:\n  name: {type: string}\n", "utf-8")  # email's type: not breaking
    result = run("diff", "--against", "HEAD", cwd=repo)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "schemas/order.schema.json" in result.stdout and "schemas/customer.yaml" in result.stdout
