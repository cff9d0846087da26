"""The `site` target: a static website built by mkdocs (mkdocs-material) from the docs pages.

Read back with Python's HTML parser, never with regular expressions: every internal link and
#anchor resolves (tests/site_check.py), the Session page's Fields table has one row per schema
property with its anchor, wire name and constraints, two builds give the same bytes, and
`generate --check` covers the site like the other targets. The browser tests are in
test_site_browser.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SCHEMA
from site_check import check_site

from schemasmith.codegen import pipeline
from schemasmith.codegen.headers import MANIFEST_NAME

OPENAPI = REPO / "tests" / "schemas" / "sessions-api.openapi.json"
SESSION_FIELDS = list(json.loads(SCHEMA.read_text("utf-8"))["properties"])

pytestmark = pytest.mark.xdist_group("site")


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def session_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("session-site")
    pipeline.generate(SCHEMA, out, ["site"], pipeline.Settings(docs_import_path="syllable-sdk/models/components"))
    return out / "site"


@pytest.fixture(scope="module")
def openapi_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("openapi-site")
    result = run_cli("generate", str(OPENAPI), "--target", "site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "site"


class Tables(HTMLParser):
    """Every table of a page as rows of cells; each cell keeps its text, ids and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[dict[str, Any]]]] = []
        self.cell: dict[str, Any] | None = None
        self.codes: list[str] = []
        self.in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = {"text": "", "ids": [], "hrefs": [], "codes": []}
            self.tables[-1][-1].append(self.cell)
        elif self.cell is not None:
            if values.get("id"):
                self.cell["ids"].append(values["id"])
            if tag == "a" and values.get("href"):
                self.cell["hrefs"].append(values["href"])
            if tag == "code":
                self.in_code = True
                self.cell["codes"].append("")
            if tag == "br":
                self.cell["text"] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.cell = None
        if tag == "code":
            self.in_code = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell["text"] += data
            if self.in_code:
                self.cell["codes"][-1] += data


def tables_of(path: Path) -> list[list[list[dict[str, Any]]]]:
    parser = Tables()
    parser.feed(path.read_text("utf-8"))
    return parser.tables


def fields_table(path: Path) -> list[list[dict[str, Any]]]:
    for table in tables_of(path):
        if [c["text"] for c in table[0]] == ["Field", "Type", "Required", "Description", "Example"]:
            return table[1:]
    raise AssertionError(f"no Fields table in {path}")


class Blocks(HTMLParser):
    """The text of every <pre> block and the element ids, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pre: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.depth += 1
            self.pre.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.pre[-1] += data


def pre_blocks(path: Path) -> list[str]:
    parser = Blocks()
    parser.feed(path.read_text("utf-8"))
    return parser.pre


# --- links ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["session", "openapi"])
def test_every_internal_link_and_anchor_resolves_and_nothing_loads_from_another_host(
    which: str, session_site: Path, openapi_site: Path
) -> None:
    site = session_site if which == "session" else openapi_site
    report = check_site(site)
    assert report.broken == []
    assert report.external_loads == []
    # Not vacuous: the pages were found and their links and anchors followed.
    assert report.pages >= 2 and report.internal_links > 40 and report.anchors_checked > 20, report


def test_the_checker_finds_a_broken_link_and_a_missing_anchor(session_site: Path, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href="Session.html#nope">x</a><a href="Gone.html">y</a><a id="here" href="#here">z</a>'
        '<a href="/abs.html">a</a><script src="https://cdn.example/x.js"></script>',
        "utf-8",
    )
    (tmp_path / "Session.html").write_text('<p id="yes"></p>', "utf-8")
    report = check_site(tmp_path)
    assert len(report.broken) == 3 and report.anchors_checked == 2, report
    assert report.external_loads == ["index.html: <script src='https://cdn.example/x.js'>"]


# --- the Session page ---------------------------------------------------------------------------


def test_session_page_has_one_row_per_property_with_anchor_wire_name_and_link(session_site: Path) -> None:
    page = session_site / "Session.html"
    rows = fields_table(page)
    assert len(rows) == len(SESSION_FIELDS) == 19
    for row, wire_name in zip(rows, SESSION_FIELDS):
        field = row[0]
        # The anchor is the wire name, and the name links to its own row.
        assert field["ids"] == [wire_name] and field["hrefs"] == [f"#{wire_name}"], field
        # The TypeScript name first (as the seed shows it), the wire name beside it.
        assert field["codes"][1] == wire_name, field
        assert field["codes"][0][0].islower() and "_" not in field["codes"][0], field
    timestamp = rows[0]
    assert "Format date-time: an RFC 3339 date and time." in timestamp[3]["text"]
    assert timestamp[2]["text"] == "TRUE" and all(r[2]["text"] == "FALSE" for r in rows[1:])
    assert all("May be null." in r[3]["text"] for r in rows[1:]) and "null" not in timestamp[3]["text"]
    by_name = {r[0]["codes"][1]: r for r in rows}
    assert by_name["channel_manager_service"][4]["text"] == "hedy"


def test_session_page_shows_example_usage_and_the_json_example(session_site: Path) -> None:
    blocks = pre_blocks(session_site / "Session.html")
    usage = next(b for b in blocks if "import { Session }" in b)
    assert 'from "syllable-sdk/models/components"' in usage and 'new Date("2025-09-25T22:48:13.771Z")' in usage
    example = json.loads(SCHEMA.read_text("utf-8"))["examples"][0]
    json_blocks = []
    for block in blocks:
        try:
            json_blocks.append(json.loads(block))
        except ValueError:
            continue
    assert example in json_blocks


def test_index_lists_models_and_serves_the_raw_schema(session_site: Path, openapi_site: Path) -> None:
    rows = tables_of(session_site / "index.html")[0]
    assert [c["text"] for c in rows[0]] == ["Model", "Fields", "Description"]
    assert [[c["text"] for c in r] for r in rows[1:]] == [["Session", "19", "A session is a building block of a conversation."]]
    assert rows[1][0]["hrefs"] == ["Session.html"]
    assert (session_site / "schema" / "session.schema.json").read_bytes() == SCHEMA.read_bytes()
    document = json.loads(OPENAPI.read_text("utf-8"))
    names = {r[0]["text"] for t in tables_of(openapi_site / "index.html") for r in t[1:]}
    # Every component, and the models nested inside them (ItemItem), one page each.
    pages = {p.stem for p in openapi_site.glob("*.html")} - {"index"}
    assert set(document["components"]["schemas"]) <= names == pages
    assert (openapi_site / "schema" / OPENAPI.name).read_bytes() == OPENAPI.read_bytes()


def test_types_link_to_their_model_pages_and_pages_say_where_they_are_used(openapi_site: Path) -> None:
    rows = fields_table(openapi_site / "SessionList.html")
    items = next(r for r in rows if r[0]["codes"][1] == "items")
    assert items[1]["hrefs"] == ["Session.html"] and items[1]["text"] == "Session[]"
    session_tables = tables_of(openapi_site / "Session.html")
    assert session_tables  # the Fields table
    text = (openapi_site / "Session.html").read_text("utf-8")
    assert 'href="SessionList.html"' in text


def test_constraints_are_said_in_words(tmp_path: Path) -> None:
    schema = tmp_path / "limits.schema.json"
    schema.write_text(json.dumps({
        "title": "Limits", "type": "object",
        "properties": {
            "code": {"type": ["string", "null"], "pattern": "^[A-Z]{3}$", "minLength": 3, "maxLength": 3},
            "count": {"type": "integer", "minimum": 0, "exclusiveMaximum": 10, "default": 1},
            "kind": {"enum": ["a", "b"], "deprecated": True},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
            "id": {"type": "string", "format": "uuid", "readOnly": True},
            "secret": {"type": "string", "writeOnly": True},
            "fields": {"type": "string", "description": "shares its name with the Fields heading"},
        },
    }), "utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", str(schema), "--target", "site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = {r[0]["codes"][1]: r for r in fields_table(out / "site" / "Limits.html")}
    said = {name: row[3]["text"].split("\n") for name, row in rows.items()}
    assert said["code"] == ["Matches the pattern ^[A-Z]{3}$.", "Exactly 3 characters.", "May be null."]
    assert said["count"] == ["At least 0.", "Less than 10.", "Default 1."]
    assert said["kind"] == ["Deprecated.", 'One of "a", "b".']
    assert said["tags"] == ["At least 1 item.", "Items are unique."]
    assert said["id"] == ["Format uuid: a UUID.", "Read-only: sent by the API, ignored in requests."]
    assert said["secret"] == ["Write-only: accepted in requests, never returned."]
    # A field named like a section heading gets another anchor; the heading keeps its own.
    assert rows["fields"][0]["ids"] == ["field-fields"]
    assert check_site(out / "site").broken == []


# --- bytes, --check, atomic writes ------------------------------------------------------------------


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    settings = pipeline.Settings()
    _, first = pipeline.render_files(OPENAPI, ["site"], settings)
    _, second = pipeline.render_files(OPENAPI, ["site"], settings)
    assert first == second
    assert not any(path.endswith(("sitemap.xml", "sitemap.xml.gz", ".map")) for path in first)
    assert all(isinstance(v, (str, bytes)) for v in first.values())


def test_two_builds_in_fresh_processes_with_other_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        result = subprocess.run(
            [sys.executable, "-m", "schemasmith", "generate", "--target", "site", "--out", str(out)],
            cwd=REPO, capture_output=True, text=True, timeout=300, env={**_env(), "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1] and len(trees[0]) > 5


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_check_covers_the_site_and_generate_removes_only_its_own_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("generate", "--target", "site", "--out", str(out)).returncode == 0
    site = out / "site"
    listed = [line for line in (site / MANIFEST_NAME).read_text("utf-8").splitlines() if not line.startswith("#")]
    assert set(listed) == {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} - {MANIFEST_NAME}
    clean = run_cli("generate", "--target", "site", "--out", str(out), "--check")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # A page edited by hand, a file a previous run wrote and this one would not, a user's file.
    (site / "Session.html").write_text("edited", "utf-8")
    (site / "Old.html").write_text("from an earlier schema", "utf-8")
    with (site / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write("Old.html\n")
    (site / "CNAME").write_text("docs.example.com\n", "utf-8")
    stale = run_cli("generate", "--target", "site", "--out", str(out), "--check")
    assert stale.returncode == 1
    assert "site/Session.html (stale)" in stale.stderr and "site/Old.html (extra)" in stale.stderr
    assert "CNAME" not in stale.stderr
    assert run_cli("generate", "--target", "site", "--out", str(out)).returncode == 0
    assert not (site / "Old.html").exists() and (site / "CNAME").read_text("utf-8") == "docs.example.com\n"
    assert run_cli("generate", "--target", "site", "--out", str(out), "--check").returncode == 0


def test_files_get_the_mode_a_new_file_gets_so_a_web_server_can_read_them(tmp_path: Path) -> None:
    import os

    out = tmp_path / "out"
    code = "import os, sys; os.umask(0o022); from schemasmith.cli.main import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "generate", "--target", "site", "--target", "docs", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    modes = {oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()}
    assert modes == {"0o644"}, modes
    # A file replaced keeps the mode it had.
    page = out / "site" / "Session.html"
    os.chmod(page, 0o640)
    page.write_text("edited", "utf-8")
    result = subprocess.run(
        [sys.executable, "-c", code, "generate", "--target", "site", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0 and oct(page.stat().st_mode & 0o777) == "0o640", result.stderr


def test_the_default_targets_leave_the_site_out_unless_out_has_one(tmp_path: Path) -> None:
    result = run_cli("generate", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "python", "typescript"]
    # Once generated there (committed, say), the site is kept up to date and checked by default.
    assert run_cli("generate", "--target", "site", "--out", str(tmp_path)).returncode == 0
    (tmp_path / "site" / "index.html").write_text("stale", "utf-8")
    check = run_cli("generate", "--out", str(tmp_path), "--check")
    assert check.returncode == 1 and "site/index.html (stale)" in check.stderr, check.stderr
    assert run_cli("generate", "--out", str(tmp_path)).returncode == 0
    assert run_cli("generate", "--out", str(tmp_path), "--check").returncode == 0


def test_without_mkdocs_the_site_target_is_one_clear_line(tmp_path: Path) -> None:
    # The site extra missing: mkdocs cannot be imported (a None entry in sys.modules makes the
    # import fail as if the package were absent).
    code = (
        "import sys; sys.modules['mkdocs'] = None; "
        "from schemasmith.cli.main import main; sys.argv = ['schemasmith', 'generate', '--target', 'site', "
        f"'--out', {str(tmp_path / 'out')!r}]; main()"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "pip install 'schemasmith[site]'" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_310_component_document_builds_with_every_link_resolving(tmp_path: Path) -> None:
    # bench/generate_bench.py's synthetic OpenAPI document (refs between components, arrays of
    # refs, enums, maps, nullables), at the size of the largest API this target is meant for.
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from generate_bench import synthetic_openapi
    finally:
        sys.path.remove(str(REPO / "bench"))
    schema = tmp_path / "big.openapi.json"
    schema.write_text(json.dumps(synthetic_openapi(310)), "utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", str(schema), "--target", "site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    site = out / "site"
    report = check_site(site)
    assert report.broken == [] and report.external_loads == []
    assert report.pages == 311 and report.anchors_checked > 310 * 10, report
    # Past the navigation limit the sidebar holds the overview alone: pages stay small.
    assert max(p.stat().st_size for p in site.glob("Thing*.html")) < 40_000
    rows = tables_of(site / "index.html")[0]
    assert len(rows) == 311 and {r[0]["hrefs"][0] for r in rows[1:]} == {f"Thing{i}.html" for i in range(310)}
    parent = next(r for r in fields_table(site / "Thing5.html") if r[0]["codes"][1] == "parent")
    assert len(parent[1]["hrefs"]) == 1 and parent[1]["hrefs"][0].startswith("Thing")


HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>", "a|b", "`tick`", "__search", "fields", "1st", "a b", "naïve",
    "</td></tr></table>", '" onmouseover="x', "session_id",
]


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(path.read_text("utf-8"))
    return parser.tags


def test_hostile_names_and_text_stay_text(tmp_path: Path, session_site: Path) -> None:
    properties: dict[str, Any] = {
        name: {"type": "string", "description": "<script>alert(1)</script> | pipe\n```\nfence", "examples": ["<b>x</b>"]}
        for name in HOSTILE_NAMES
    }
    properties["choice"] = {"enum": ["<b>x</b>", "a|b", "`"], "default": "<i>"}
    properties["code"] = {"type": "string", "pattern": "^(a|b)`<x>$"}
    schema = tmp_path / "<hostile> & co.json"
    schema.write_text(json.dumps({
        "title": "Hostile", "description": "<iframe src=x></iframe> [link](javascript:alert(1))", "type": "object",
        "properties": properties, "examples": [{"a|b": "</code>```"}],
    }), "utf-8")
    out = tmp_path / "out"
    result = run_cli("generate", str(schema), "--target", "site", "--out", str(out))
    assert result.returncode == 0, result.stderr
    site = out / "site"
    report = check_site(site)
    assert report.broken == [] and report.external_loads == []
    page = site / "Hostile.html"
    rows = fields_table(page)
    # Each wire name is shown as it is, in its own row, with an anchor of its own.
    assert [r[0]["codes"][1] for r in rows] == [*HOSTILE_NAMES, "choice", "code"]
    ids = [r[0]["ids"][0] for r in rows]
    assert len(set(ids)) == len(ids) and not any(i.startswith("__") for i in ids)
    assert all(r[3]["text"].startswith("<script>alert(1)</script> | pipe") for r in rows[: len(HOSTILE_NAMES)])
    choice = rows[-2][3]["text"]
    assert 'One of "<b>x</b>", "a|b", "`".' in choice and 'Default "<i>".' in choice
    assert 'Matches the pattern ^(a|b)`<x>$.' in rows[-1][3]["text"]
    # No markup from the schema became markup: the same kinds of elements as a harmless page,
    # no event handler, no javascript: link, the site's name stripped to plain words.
    tags = elements(page)
    assert not [(t, a) for t, a in tags if any(k.startswith("on") for k in a)]
    assert not [(t, a) for t, a in tags if (a.get("href") or "").startswith("javascript:")]
    assert {t for t, _ in tags} <= {t for t, _ in elements(session_site / "Session.html")}
    assert [a.get("src") for t, a in tags if t == "script"] == [
        a.get("src") for t, a in elements(session_site / "Session.html") if t == "script"
    ]
    logo = next(a for t, a in elements(site / "index.html") if t == "a" and "md-logo" in (a.get("class") or ""))
    assert logo["aria-label"] == "Hostile models"


def test_the_site_name_from_an_openapi_root_name_is_plain_words(tmp_path: Path) -> None:
    # An OpenAPI document's module is named by --root-name (or the file) as given; the theme
    # writes the site's name unescaped into attributes, so only plain words reach it.
    out = tmp_path / "out"
    result = run_cli("generate", str(OPENAPI), "--target", "site", "--root-name", '<b onclick="x">API</b>', "--out", str(out))
    assert result.returncode == 0, result.stderr
    tags = elements(out / "site" / "index.html")
    logo = next(a for t, a in tags if t == "a" and "md-logo" in (a.get("class") or ""))
    assert logo["aria-label"] == "b onclick x API b models"
    assert not [(t, a) for t, a in tags if any(k.startswith("on") for k in a)]


@pytest.mark.parametrize(
    ("url", "safe"),
    [("Session.html#x", True), ("#x", True), ("https://example.com/a", True), ("mailto:a@example.com", True),
     ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("java\tscript:alert(1)", False),
     (" javascript:alert(1)", False), ("vbscript:x", False), ("data:text/html,<b>x</b>", False)],
)
def test_links_from_schema_text_go_only_to_web_addresses_or_the_site(url: str, safe: bool) -> None:
    import markdown

    from schemasmith.targets.site.safe_links import is_safe, makeExtension

    assert is_safe(url) is safe
    html = markdown.markdown(f"[text]({url.replace(' ', '%20', 0)})", extensions=[makeExtension()])
    assert ("href=" in html) is safe or url.startswith(" "), html
