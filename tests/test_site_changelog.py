"""The site's changelog page: `generate --target site --history LABEL=SCHEMA|LABEL=git:REV ...`.

Each listed version is diffed against the one before it by `schemasmith diff`'s engine; the page is
read back with Python's HTML parser: one section per version, newest first, one table row per
finding (checked against `schemasmith diff --format json` run on the same pair), every link and
#anchor resolving (site_check), the navigation and the overview linking the page.
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
from test_site import tables_of

pytestmark = pytest.mark.xdist_group("site")

REFERENCE = REPO.parent / "shared" / "reference" / "session-openapi-component.json"
OPENAPI = REPO / "tests" / "schemas" / "sessions-api.openapi.json"


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schemasmith", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def diff_records(old: Path, new: Path) -> list[dict[str, Any]]:
    done = run_cli("diff", str(old), str(new), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


class Headings(HTMLParser):
    """The page's h2 sections: id and text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.inside = True
            self.found.append([dict(attrs).get("id") or "", ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1][1] += data


def headings(path: Path) -> list[str]:
    parser = Headings()
    parser.feed(path.read_text("utf-8"))
    return [text.strip("¶ \n") for _, text in parser.found]


def change_tables(path: Path) -> list[list[list[dict[str, Any]]]]:
    return [t[1:] for t in tables_of(path) if [c["text"] for c in t[0]] == ["Change", "Where", "What", "Rule"]]


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """0.9: Session without its fourth property; 1.0: Session; the reference component is the newest."""
    if not REFERENCE.is_file():
        pytest.skip(f"the reference Session component is not in ../shared ({REFERENCE}): nothing to diff against")
    folder = tmp_path_factory.mktemp("versions")
    schema = json.loads(SCHEMA.read_text("utf-8"))
    dropped = list(schema["properties"])[3]
    del schema["properties"][dropped]
    schema["required"] = [name for name in schema.get("required", []) if name != dropped]
    older = folder / "session-0.9.json"
    older.write_text(json.dumps(schema, indent=2), "utf-8")
    return {"0.9": older, "1.0": SCHEMA, "2.0": REFERENCE, "dropped": Path(dropped)}


@pytest.fixture(scope="module")
def changelog_site(versions: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("changelog-site")
    done = run_cli("generate", str(versions["2.0"]), "--out", str(out), "--target", "site",
                   "--history", f"0.9={versions['0.9']}", "--history", f"1.0={versions['1.0']}",
                   "--current-version", "2.0")
    assert done.returncode == 0, done.stderr
    return out / "site"


def test_one_section_per_version_newest_first(changelog_site: Path) -> None:
    assert headings(changelog_site / "changelog.html") == ["2.0", "1.0", "0.9"]


def test_each_release_lists_the_diff_findings(changelog_site: Path, versions: dict[str, Path]) -> None:
    newest, middle = change_tables(changelog_site / "changelog.html")  # 0.9, the first, has no table
    expected = diff_records(versions["1.0"], versions["2.0"])
    assert len(expected) > 0
    assert [(row[0]["text"], row[3]["text"], row[2]["text"]) for row in newest] == [
        (r["severity"], r["rule"], r["message"]) for r in expected
    ]
    # 0.9 -> 1.0 put back the one property 0.9 lacked; its row links to that field's row on the page.
    dropped = str(versions["dropped"])
    [row] = [row for row in middle if row[3]["text"] == "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]
    assert row[1]["hrefs"] == [f"Session.html#{dropped}"]
    assert row[1]["codes"] == [f"#/properties/{dropped}"]


def test_the_first_version_and_the_verdicts_are_stated(changelog_site: Path) -> None:
    text = (changelog_site / "changelog.html").read_text("utf-8")
    assert "The first version listed." in text
    assert "No breaking change for readers since 1.0" in text
    assert "suggested version bump: minor" in text


def test_every_link_resolves_and_every_page_links_the_changelog(changelog_site: Path) -> None:
    report = check_site(changelog_site)
    assert report.broken == [] and report.external_loads == []
    assert report.anchors_checked > 0
    for page in ("index.html", "Session.html", "changelog.html"):
        assert 'href="changelog.html"' in (changelog_site / page).read_text("utf-8"), page


def test_the_changelog_is_deterministic_and_checked(changelog_site: Path, versions: dict[str, Path]) -> None:
    out = changelog_site.parent
    history = ["--history", f"0.9={versions['0.9']}", "--history", f"1.0={versions['1.0']}", "--current-version", "2.0"]
    same = run_cli("generate", str(versions["2.0"]), "--out", str(out), "--target", "site", "--check", *history)
    assert same.returncode == 0, same.stdout + same.stderr
    # Without the history the changelog page would go: --check says the site is stale.
    bare = run_cli("generate", str(versions["2.0"]), "--out", str(out), "--target", "site", "--check")
    assert bare.returncode == 1
    assert "site/changelog.html" in bare.stderr


def test_an_unchanged_current_schema_is_not_a_release(tmp_path: Path, versions: dict[str, Path]) -> None:
    done = run_cli("generate", str(SCHEMA), "--out", str(tmp_path), "--target", "site",
                   "--history", f"0.9={versions['0.9']}", "--history", f"1.0={SCHEMA}")
    assert done.returncode == 0, done.stderr
    assert headings(tmp_path / "site" / "changelog.html") == ["1.0", "0.9"]


def test_versions_from_git_revisions(tmp_path: Path, versions: dict[str, Path]) -> None:
    repo = tmp_path / "repo"
    (repo / "schema").mkdir(parents=True)
    schema = repo / "schema" / "session.json"

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
                       check=True, capture_output=True)

    git("init", "-q")
    for label in ("0.9", "1.0"):
        schema.write_bytes(versions[label].read_bytes())
        git("add", ".")
        git("commit", "-q", "-m", label)
        git("tag", f"v{label}")
    schema.write_bytes(versions["2.0"].read_bytes())  # the working tree: not committed
    done = run_cli("generate", str(schema), "--out", str(tmp_path / "out"), "--target", "site",
                   "--history", "0.9=git:v0.9", "--history", "1.0=git:v1.0", cwd=repo)
    assert done.returncode == 0, done.stderr
    page = tmp_path / "out" / "site" / "changelog.html"
    assert headings(page) == ["Unreleased", "1.0", "0.9"]
    assert [len(table) for table in change_tables(page)] == [
        len(diff_records(versions["1.0"], versions["2.0"])),
        len(diff_records(versions["0.9"], versions["1.0"])),
    ]


def test_an_openapi_document_links_each_finding_to_its_component(tmp_path: Path) -> None:
    document = json.loads(OPENAPI.read_text("utf-8"))
    agent = document["components"]["schemas"]["Agent"]
    agent["properties"]["region"] = {"type": "string", "description": "Where the agent runs."}
    agent["required"] = [*agent.get("required", []), "region"]
    newer = tmp_path / "sessions-api-2.json"
    newer.write_text(json.dumps(document), "utf-8")
    done = run_cli("generate", str(newer), "--out", str(tmp_path / "out"), "--target", "site",
                   "--history", f"1.0={OPENAPI}", "--current-version", "1.1")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "out" / "site"
    [table] = change_tables(site / "changelog.html")
    rows = [row for row in table if row[3]["text"] == "REQUIRED_PROPERTY_ADDED"]
    assert rows and all(row[0]["text"] == "breaking" for row in rows)
    assert "Agent.html#region" in {href for row in rows for href in row[1]["hrefs"]}
    assert "**Breaking**" not in (site / "changelog.html").read_text("utf-8")  # rendered, not shown raw
    assert "Breaking</strong> for readers since 1.0" in (site / "changelog.html").read_text("utf-8")
    report = check_site(site)
    assert report.broken == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--history", "1.0"], "expected LABEL=SCHEMA or LABEL=git:REV"),
        (["--history", "=x.json"], "expected LABEL=SCHEMA or LABEL=git:REV"),
        (["--history", "1.0=missing.json"], "missing.json: --history 1.0: no such schema file"),
        (["--history", "<b>=schema/session.schema.json"], "a version label is letters, digits"),
        (["--history", "1.0=schema/session.schema.json", "--current-version", "1.0"], "'1.0' is given twice"),
        (["--history", "1.0=git:no-such-revision"], "--history 1.0: git ls-tree --name-only failed: fatal: Not a valid object name no-such-revision"),
    ],
)
def test_bad_history_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli("generate", "--out", str(tmp_path), "--target", "site", *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert message in done.stderr
    assert not (tmp_path / "site").exists()


def test_the_history_is_read_from_the_configuration(tmp_path: Path, versions: dict[str, Path]) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "session-0.9.json").write_bytes(versions["0.9"].read_bytes())
    (tmp_path / "schemas" / "session.json").write_bytes(SCHEMA.read_bytes())
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemasmith]\nschema = "schemas/session.json"\nout = "build"\ntargets = ["site"]\n\n'
        '[tool.schemasmith.site]\nhistory = ["0.9=schemas/session-0.9.json"]\ncurrent-version = "1.0"\n',
        "utf-8",
    )
    done = run_cli("generate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert headings(tmp_path / "build" / "site" / "changelog.html") == ["1.0", "0.9"]
    # Plain --check finds the same page: the history comes from the configuration both times.
    checked = run_cli("generate", "--check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_unknown_site_key_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.schemasmith]\nschema = "s.json"\n\n[tool.schemasmith.site]\nhistroy = ["0.9=a.json"]\n', "utf-8"
    )
    done = run_cli("generate", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pyproject.toml:5" in done.stderr and "unknown key 'histroy'" in done.stderr
