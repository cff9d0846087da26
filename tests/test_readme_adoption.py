"""The README opens with how to use the tool in another repository (issue 13), and what it shows works:
its configuration is read as the configuration reader reads it, its hooks exist, its links resolve."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import REPO
from schemasmith.codegen.config import read_config

README = (REPO / "README.md").read_text("utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def test_the_first_section_is_use_it_in_your_repository() -> None:
    assert re.findall(r"^## (.+)$", README, re.MULTILINE)[0] == "Use it in your repository"
    text = section("Use it in your repository")
    for step in ("**Install**", "**Configure**", "**Generate and commit**", "**Check it in CI", "**Publish**"):
        assert step in text, step


def test_its_configuration_is_valid(tmp_path: Path) -> None:
    (toml,) = re.findall(r"```toml\n(.*?)```", section("Use it in your repository"), re.DOTALL)
    (tmp_path / "pyproject.toml").write_text(toml, "utf-8")
    config = read_config(tmp_path / "pyproject.toml")  # raises on an unknown key
    assert config.python_package == "shop.models" and set(config.paths) == {"typescript", "docs"}


def test_its_hooks_exist_and_its_links_resolve() -> None:
    text = section("Use it in your repository")
    hooks = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))}
    assert set(re.findall(r"\b(schemasmith-[a-z]+)\b", text)) <= hooks
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)(?:#[^)]*)?\)", text):
        assert (REPO / target).exists(), target
    anchors = re.findall(r"\]\(doc/generate\.md#([^)]+)\)", text)
    headings = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", (REPO / "doc" / "generate.md").read_text("utf-8"), re.MULTILINE)}
    assert anchors and set(anchors) <= headings, (anchors, headings)
