"""The generated Markdown docs, read back through a CommonMark parser.

The Session page must reproduce the TypeScript SDK's own doc page for the model (the seed page),
and every row of its Fields table must agree with the canonical schema. Pages are compared by
their parsed content (front matter, headings, paragraphs, code blocks, table cells), never byte
for byte: the seed pads its table columns differently from ours.

The expectations about the schema are derived here from the schema JSON itself, independently of
the generator's code.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import GENERATED, REPO, SCHEMA, SEED_PAGE, require_shared

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the project supports 3.10, where tomli is a dependency
    import tomli as tomllib

DOCS = GENERATED / "docs"
SESSION_PAGE = DOCS / "Session.md"
INDEX_PAGE = DOCS / "index.md"
MDN_DATE = "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date"
FIELDS_HEADER = ["Field", "Type", "Required", "Description", "Example"]


# --------------------------------------------------------------------------------------------
# Parsing a page
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One table cell as the parser extracted it.

    ``markdown`` is the cell's inline content rendered back to a normalised Markdown form (code
    spans as `x`, emphasis as *x*, strong as **x**, links as [text](href)), so formatting stays
    recognisable whatever padding or escaping the source used. ``plain`` is the text alone, with
    every piece of markup dropped. ``kinds`` are the inline token types found in the cell.
    """

    markdown: str
    plain: str
    kinds: tuple[str, ...]


@dataclass
class Page:
    front_matter: dict[str, Any]
    headings: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    fences: list[tuple[str, str]] = field(default_factory=list)
    tables: list[list[list[Cell]]] = field(default_factory=list)
    # Every block in document order, as (kind, summary); raw HTML blocks are kept out of it.
    outline: list[tuple[str, Any]] = field(default_factory=list)
    # Every html_block and html_inline token, block and inline alike, in document order.
    html: list[Token] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)

    def table_text(self, index: int) -> list[list[str]]:
        return [[cell.markdown for cell in row] for row in self.tables[index]]


_MD = MarkdownIt("commonmark").enable("table")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split a leading ``---`` YAML block off ``text``; return the parsed mapping and the body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].rstrip("\r\n") == "---":
            data = yaml.safe_load("".join(lines[1:end])) or {}
            assert isinstance(data, dict), f"front matter is not a mapping: {data!r}"
            return data, "".join(lines[end + 1 :])
    raise AssertionError("front matter opened with --- but never closed")


def render_inline(children: list[Token]) -> tuple[str, str]:
    """Render inline tokens to (normalised markdown, plain text)."""
    markdown: list[str] = []
    plain: list[str] = []
    links: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "text_special"):
            markdown.append(child.content)
            plain.append(child.content)
        elif kind == "code_inline":
            markdown.append(f"`{child.content}`")
            plain.append(child.content)
        elif kind in ("em_open", "em_close"):
            markdown.append("*")
        elif kind in ("strong_open", "strong_close"):
            markdown.append("**")
        elif kind == "link_open":
            links.append(str(child.attrGet("href")))
            markdown.append("[")
        elif kind == "link_close":
            markdown.append(f"]({links.pop()})")
        elif kind in ("softbreak", "hardbreak"):
            markdown.append(" ")
            plain.append(" ")
        elif kind == "html_inline":
            markdown.append(child.content)
        elif kind == "image":
            markdown.append(f"![{child.content}]({child.attrGet('src')})")
        else:
            raise AssertionError(f"inline token {kind!r} is not handled by this helper")
    return "".join(markdown), "".join(plain)


def parse_page(text: str) -> Page:
    front_matter, body = split_front_matter(text)
    tokens = _MD.parse(body)
    page = Page(front_matter=front_matter, tokens=tokens)
    for token in tokens:
        if token.type == "html_block":
            page.html.append(token)
        for child in token.children or []:
            if child.type == "html_inline":
                page.html.append(child)

    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            text_ = render_inline(tokens[i + 1].children or [])[0]
            page.headings.append((level, text_))
            page.outline.append(("heading", (level, text_)))
            i += 3
            continue
        if token.type == "paragraph_open":
            text_ = render_inline(tokens[i + 1].children or [])[0]
            page.paragraphs.append(text_)
            page.outline.append(("paragraph", text_))
            i += 3
            continue
        if token.type in ("fence", "code_block"):
            fence = (token.info.strip(), token.content)
            page.fences.append(fence)
            # Trailing whitespace on code lines is padding, not content (as in the seed comparison).
            lines = tuple(line.rstrip() for line in token.content.rstrip("\n").split("\n"))
            page.outline.append(("code", (fence[0], lines)))
            i += 1
            continue
        if token.type == "table_open":
            rows: list[list[Cell]] = []
            row: list[Cell] = []
            i += 1
            while tokens[i].type != "table_close":
                current = tokens[i]
                if current.type == "tr_open":
                    row = []
                elif current.type == "tr_close":
                    rows.append(row)
                elif current.type == "inline":
                    children = current.children or []
                    markdown, plain = render_inline(children)
                    row.append(Cell(markdown, plain, tuple(child.type for child in children)))
                i += 1
            page.tables.append(rows)
            page.outline.append(("table", [[cell.markdown for cell in r] for r in rows]))
            i += 1
            continue
        if token.type == "html_block":
            i += 1
            continue
        # Lists, blockquotes, rules and the like: record that they exist, so a page that grows
        # one no longer matches an outline that has none.
        page.outline.append(("other", token.type))
        i += 1
    return page


def load_page(path: Path) -> Page:
    return parse_page(path.read_text("utf-8"))


# --------------------------------------------------------------------------------------------
# Expectations derived from the schema, independently of the generator
# --------------------------------------------------------------------------------------------


def camel_case(wire_name: str) -> str:
    head, *rest = wire_name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def non_null_branches(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a property: its anyOf/oneOf branches, or the property itself."""
    branches = prop.get("anyOf") or prop.get("oneOf")
    if branches is None:
        types = prop.get("type")
        if isinstance(types, list):
            return [dict(prop, type=t) for t in types if t != "null"]
        return [prop]
    return [branch for branch in branches if branch.get("type") != "null"]


def expected_type_cell(wire_name: str, prop: dict[str, Any]) -> str:
    branches = non_null_branches(prop)
    assert len(branches) == 1, f"{wire_name}: the test only knows single-type (or nullable) properties"
    branch = branches[0]
    kind = branch.get("type")
    if kind == "string" and branch.get("format") == "date-time":
        return f"[Date]({MDN_DATE})"
    # TypeScript has one numeric type, so integer is documented as number as well.
    mapping = {"string": "*string*", "number": "*number*", "integer": "*number*", "boolean": "*boolean*"}
    assert kind in mapping, f"{wire_name}: type {kind!r} is not covered by this test; extend it"
    return mapping[kind]


def expected_example_cell(prop: dict[str, Any]) -> str:
    examples = prop.get("examples") or []
    if not examples:
        return ""
    first = examples[0]
    return first if isinstance(first, str) else json.dumps(first)


def is_date_time(prop: dict[str, Any]) -> bool:
    return any(b.get("type") == "string" and b.get("format") == "date-time" for b in non_null_branches(prop))


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def session_page() -> Page:
    return load_page(SESSION_PAGE)


@pytest.fixture(scope="module")
def seed_page() -> Page:
    return load_page(require_shared(SEED_PAGE))


@pytest.fixture(scope="module")
def index_page() -> Page:
    return load_page(INDEX_PAGE)


# --------------------------------------------------------------------------------------------
# The helper itself
# --------------------------------------------------------------------------------------------


def test_parse_page_helper_on_a_small_sample() -> None:
    page = parse_page(
        "---\ntitle: 'X'\n---\n<!-- c -->\n\nIntro *em* text.\n\n## H\n\n```ts\nlet a = 1;\n```\n\n"
        "| A | B |\n| - | - |\n| `c` | [L](L.md) |\n| *s* |  |\n"
    )
    assert page.front_matter == {"title": "X"}
    assert page.headings == [(2, "H")]
    assert page.paragraphs == ["Intro *em* text."]
    assert page.fences == [("ts", "let a = 1;\n")]
    assert page.table_text(0) == [["A", "B"], ["`c`", "[L](L.md)"], ["*s*", ""]]
    assert page.tables[0][1][0] == Cell("`c`", "c", ("code_inline",))
    assert [token.content.strip() for token in page.html] == ["<!-- c -->"]
    assert [kind for kind, _ in page.outline] == ["paragraph", "heading", "code", "table"]


# --------------------------------------------------------------------------------------------
# Session.md against the seed page
# --------------------------------------------------------------------------------------------


def test_session_page_front_matter_matches_seed(session_page: Page, seed_page: Page) -> None:
    assert seed_page.front_matter["title"] == "Session"
    assert session_page.front_matter == seed_page.front_matter


def test_session_page_description_matches_seed(session_page: Page, seed_page: Page) -> None:
    assert seed_page.paragraphs == ["A session is a building block of a conversation."]
    assert session_page.paragraphs == seed_page.paragraphs


def test_session_page_headings_match_seed(session_page: Page, seed_page: Page) -> None:
    assert seed_page.headings == [(2, "Example Usage"), (2, "Fields")]
    assert session_page.headings == seed_page.headings


def test_session_page_example_usage_matches_seed(session_page: Page, seed_page: Page) -> None:
    def normalise(fences: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
        return [(info, [line.rstrip() for line in content.rstrip("\n").split("\n")]) for info, content in fences]

    assert len(seed_page.fences) == 1 and seed_page.fences[0][0] == "typescript"
    assert normalise(session_page.fences) == normalise(seed_page.fences)


def test_session_page_fields_table_matches_seed(session_page: Page, seed_page: Page) -> None:
    assert len(seed_page.tables) == 1
    assert len(session_page.tables) == 1
    seed_rows = seed_page.table_text(0)
    our_rows = session_page.table_text(0)
    assert seed_rows[0] == FIELDS_HEADER
    assert our_rows[0] == seed_rows[0]
    assert len(seed_rows) - 1 == 19
    assert len(our_rows) - 1 == 19
    for number, (ours, theirs) in enumerate(zip(our_rows[1:], seed_rows[1:]), start=1):
        assert ours == theirs, f"row {number} differs from the seed"
    # The cells must also be built from the same kinds of inline tokens (code span, link, emphasis).
    assert [[c.kinds for c in row] for row in session_page.tables[0]] == [
        [c.kinds for c in row] for row in seed_page.tables[0]
    ]


def test_session_page_block_order_matches_seed(session_page: Page, seed_page: Page) -> None:
    # Same blocks in the same order; our page alone carries the generated-header HTML comment,
    # which the outline leaves out (test_no_raw_html_beyond_the_generated_header covers it).
    assert session_page.outline == seed_page.outline


# --------------------------------------------------------------------------------------------
# Session.md against the schema
# --------------------------------------------------------------------------------------------


def test_session_page_title_and_description_come_from_schema(
    session_page: Page, schema_document: dict[str, Any]
) -> None:
    assert session_page.front_matter["title"] == schema_document["title"]
    assert session_page.paragraphs[0] == schema_document["description"]


def test_every_schema_property_has_its_row(session_page: Page, schema_document: dict[str, Any]) -> None:
    properties: dict[str, Any] = schema_document["properties"]
    required = set(schema_document.get("required", []))
    header, *rows = session_page.tables[0]
    assert [cell.markdown for cell in header] == FIELDS_HEADER

    # One row per property, in the schema's order.
    assert [row[0].plain for row in rows] == [camel_case(name) for name in properties]

    for (wire_name, prop), row in zip(properties.items(), rows):
        field_cell, type_cell, required_cell, description_cell, example_cell = row
        where = f"row of {wire_name!r}"

        # The Field cell is the camelCase TypeScript name as a single code span.
        assert field_cell.kinds == ("code_inline",), where
        assert field_cell.markdown == f"`{camel_case(wire_name)}`", where

        assert type_cell.markdown == expected_type_cell(wire_name, prop), where
        if is_date_time(prop):
            assert type_cell.kinds == ("link_open", "text", "link_close"), where
        else:
            assert type_cell.kinds == ("em_open", "text", "em_close"), where

        assert required_cell.markdown == ("TRUE" if wire_name in required else "FALSE"), where

        # Description and Example must read as literal text: no markup may have crept in, so
        # the rendered text must equal the schema's string exactly.
        assert description_cell.plain == prop["description"], where
        assert description_cell.markdown == description_cell.plain, where
        assert set(description_cell.kinds) <= {"text", "text_special"}, where

        assert example_cell.plain == expected_example_cell(prop), where
        assert example_cell.markdown == example_cell.plain, where
        assert set(example_cell.kinds) <= {"text", "text_special"}, where


def test_required_marks_exactly_the_required_properties(
    session_page: Page, schema_document: dict[str, Any]
) -> None:
    rows = session_page.tables[0][1:]
    marked = {row[0].plain for row in rows if row[2].markdown == "TRUE"}
    assert marked == {camel_case(name) for name in schema_document.get("required", [])}
    assert {row[2].markdown for row in rows} <= {"TRUE", "FALSE"}


def test_example_usage_comes_from_the_object_example(
    session_page: Page, schema_document: dict[str, Any]
) -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    import_path = pyproject["tool"]["schemasmith"]["docs"]["import-path"]
    name = schema_document["title"]
    example = schema_document["examples"][0]
    properties = schema_document["properties"]

    members = []
    for key, value in example.items():
        literal = json.dumps(value)
        if is_date_time(properties[key]):
            literal = f"new Date({literal})"
        members.append(f"  {camel_case(key)}: {literal},")
    expected = [
        f'import {{ {name} }} from "{import_path}";',
        "",
        f"let value: {name} = {{",
        *members,
        "};",
    ]
    (info, content), = session_page.fences
    assert info == "typescript"
    assert [line.rstrip() for line in content.rstrip("\n").split("\n")] == expected


# --------------------------------------------------------------------------------------------
# index.md
# --------------------------------------------------------------------------------------------


def expected_models(schema: dict[str, Any]) -> dict[str, str]:
    """Model name -> description: the root object, plus any object definitions under $defs."""
    models = {schema["title"]: schema.get("description", "")}
    for key, definition in (schema.get("$defs") or schema.get("definitions") or {}).items():
        if definition.get("type") == "object":
            models[definition.get("title", key)] = definition.get("description", "")
    return models


def test_index_front_matter(index_page: Page) -> None:
    assert index_page.front_matter == {"title": "Models"}


def test_index_lists_every_model_with_a_link(index_page: Page, schema_document: dict[str, Any]) -> None:
    assert len(index_page.tables) == 1
    header, *rows = index_page.tables[0]
    assert [cell.markdown for cell in header] == ["Model", "Description"]

    models = expected_models(schema_document)
    listed: dict[str, str] = {}
    for model_cell, description_cell in rows:
        assert model_cell.kinds == ("link_open", "text", "link_close"), model_cell
        match = re.fullmatch(r"\[([^\]]+)\]\(([^)]+)\)", model_cell.markdown)
        assert match is not None, model_cell
        name, href = match.groups()
        assert href == f"{name}.md"
        assert (DOCS / href).is_file(), f"index links to {href}, which is not in {DOCS}"
        assert name not in listed, f"{name} listed twice"
        listed[name] = description_cell.plain
    assert listed == models

    # Conversely, every model page in generated/docs is listed.
    pages = {path.stem for path in DOCS.glob("*.md") if path.name != "index.md"}
    assert pages == set(listed)


# --------------------------------------------------------------------------------------------
# No raw HTML
# --------------------------------------------------------------------------------------------

HEADER_COMMENT = re.compile(
    r"<!-- Generated by schemasmith from (?P<source>\S+) \(sha256 (?P<sha>[0-9a-f]{64})\)\. Do not edit\. -->"
)


@pytest.mark.parametrize("page_name", sorted(path.name for path in DOCS.glob("*.md")))
def test_no_raw_html_beyond_the_generated_header(page_name: str) -> None:
    page = load_page(DOCS / page_name)
    # Raw HTML is only the header comment, as the first block after the front matter, and a
    # `<!-- prettier-ignore -->` right before each table (its rows are deliberately not padded).
    assert page.tokens and page.tokens[0].type == "html_block", page_name
    ignores = [t for i, t in enumerate(page.tokens) if i + 1 < len(page.tokens) and page.tokens[i + 1].type == "table_open"
               and t.type == "html_block" and t.content == "<!-- prettier-ignore -->\n"]
    assert len(ignores) == len(page.tables) >= 1, page_name
    assert page.html == [page.tokens[0], *ignores], [(token.type, token.content) for token in page.html]
    match = HEADER_COMMENT.fullmatch(page.tokens[0].content.strip())
    assert match is not None, page.tokens[0].content
    assert match["source"] == SCHEMA.name
    # The hash is the page's own (rendered with the placeholder in its place), not the schema's.
    text = (DOCS / page_name).read_text("utf-8")
    assert match["sha"] == hashlib.sha256(text.replace(match["sha"], "0" * 64, 1).encode("utf-8")).hexdigest()


def test_both_pages_are_checked_for_raw_html() -> None:
    # The parametrisation above globs generated/docs; make sure the glob is not silently empty.
    assert {"Session.md", "index.md"} <= {path.name for path in DOCS.glob("*.md")}


def test_seed_page_has_no_raw_html(seed_page: Page) -> None:
    # A sanity check of the reference: the header comment is our only addition.
    assert seed_page.html == []
