"""Site target: the docs target's Markdown pages, extended, built into a static website by mkdocs.

``plan`` lists the Markdown pages (rendered by the shared Jinja environment like every target's
files); ``finish`` turns them into the website's files in memory (targets/site/build.py), which
the writer then puts under ``OUT/site/`` atomically, like any other target's files.
"""

from __future__ import annotations

from typing import Any

from ...codegen.output_file import OutputFile
from ...ir.nodes import SchemaIR
from ..docs.target import doc_type
from .build import build_site
from .changelog import release_sections
from .page import alias_example, site_page, users_of

# Where the Markdown pages sit in the staging folder mkdocs builds from (not in the output).
STAGING_DOCS = "docs"
CHANGELOG = "changelog.md"


def plan(schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
    users = users_of(schema_ir)
    files = []
    models = []
    for model in schema_ir.models:
        page = site_page(model, users.get(model.name, []))
        files.append(
            OutputFile(f"{STAGING_DOCS}/{model.name}.md", "site/model.md.jinja", {"ir": schema_ir, "page": page, **settings})
        )
        models.append((model.name, model.description or model.title or "", len(model.fields)))
    aliases = []
    for alias in schema_ir.aliases:
        context = {
            "ir": schema_ir,
            "alias": alias,
            "type_cell": doc_type(alias.type),
            "json_example": alias_example(alias.examples),
            "used_by": users.get(alias.name, []),
            **settings,
        }
        files.append(OutputFile(f"{STAGING_DOCS}/{alias.name}.md", "site/alias.md.jinja", context))
        aliases.append((alias.name, alias.description or alias.title or ""))
    # The pipeline puts the releases in the context when the schema's history is given (--history).
    releases = settings.get("releases")
    # The root first, then the rest in the order the schema gave them (as the docs index).
    models.sort(key=lambda entry: entry[0] != schema_ir.root_name)
    aliases.sort(key=lambda entry: entry[0] != schema_ir.root_name)
    files.append(
        OutputFile(
            f"{STAGING_DOCS}/index.md",
            "site/index.md.jinja",
            {
                "ir": schema_ir,
                "title": site_title(schema_ir),
                "models": models,
                "aliases": aliases,
                "raw_schema": raw_schema_name(schema_ir),
                "changelog": CHANGELOG if releases else None,
                **settings,
            },
        )
    )
    if releases:
        files.append(
            OutputFile(
                f"{STAGING_DOCS}/{CHANGELOG}",
                "site/changelog.md.jinja",
                {**settings, "ir": schema_ir, "sections": release_sections(schema_ir, releases)},
            )
        )
    files.append(OutputFile(f"{STAGING_DOCS}/stylesheets/schemasmith.css", "site/schemasmith.css.jinja", {**settings}))
    return files


def site_title(schema_ir: SchemaIR) -> str:
    """The site's name: the module's name in letters, digits and a few separators only.

    The theme writes it unescaped into the page (`<title>`, an `aria-label` attribute), and an
    OpenAPI module is named after the file or `--root-name` as given, so anything else is dropped.
    """
    kept = "".join(c if c.isascii() and (c.isalnum() or c in " _.-") else " " for c in schema_ir.module)
    words = " ".join(kept.split())
    return f"{words} models" if words else "Models"


def raw_schema_name(schema_ir: SchemaIR) -> str:
    """Where the downloadable schema sits in the site: its own file name, made safe for a URL."""
    name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in schema_ir.source_name)
    if not name.strip("._") or name.startswith("."):
        name = "schema.json"
    return f"schema/{name}"


def finish(
    schema_ir: SchemaIR, rendered: dict[str, str], source_text: str, settings: dict[str, Any]
) -> dict[str, str | bytes]:
    """The website's files (paths under ``site/``), built from the rendered pages and the raw schema."""
    changelog = CHANGELOG if f"{STAGING_DOCS}/{CHANGELOG}" in rendered else None
    return build_site(
        schema_ir, site_title(schema_ir), rendered, STAGING_DOCS, {raw_schema_name(schema_ir): source_text}, changelog
    )


class SiteTarget:
    """The registry's view of this target: it spells no identifiers of its own (its pages show the
    docs target's, which take TypeScript's), runs nothing, and finishes its rendered pages."""

    name = "site"
    folder = "site"
    field_naming = None
    runtime = None

    def reserves(self, model_name: str) -> bool:
        return False  # pages are named like the docs target's, which reserves what files need

    def claims(self, model_name: str) -> tuple[str, ...]:
        return ()

    def plan(self, schema_ir: SchemaIR, settings: dict[str, Any]) -> list[OutputFile]:
        return plan(schema_ir, settings)

    def finish(
        self, schema_ir: SchemaIR, rendered: dict[str, str], source_text: str, settings: dict[str, Any]
    ) -> dict[str, str | bytes]:
        return finish(schema_ir, rendered, source_text, settings)


TARGET = SiteTarget()
