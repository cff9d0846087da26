"""`schemasmith diff` on the command line: the Session's evolution, exit codes, output formats,
ignore files and --against a git revision."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SCHEMA, SHARED
from diff_support import write_pair
from schemasmith.cli.main import main

SESSION_V2 = SHARED / "reference" / "session-openapi-component.json"
NEW_SESSION_FIELDS = {"prompt_version_number", "is_outbound", "user_terminated", "transfer_voicemail_detected",
                      "override_timestamp"}
CLOSED = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "additionalProperties": False}
CLOSED_WITHOUT_B = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml of ours: no ignore entries by default
    return tmp_path


@pytest.mark.parametrize("mode", ["backward", "forward", "full"])
def test_session_to_its_later_version(mode: str, in_tmp: Path) -> None:
    if not SESSION_V2.is_file():
        pytest.skip(f"{SESSION_V2} is absent (the shared reference data lives beside the repository)")
    code, out, err = run(str(SCHEMA), str(SESSION_V2), "--mode", mode, "--format", "json")
    assert code == 0, (out, err)
    report = json.loads(out)
    added = [f for f in report["findings"] if f["rule"] == "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"]
    assert {f["new_pointer"].rsplit("/", 1)[1] for f in added} == NEW_SESSION_FIELDS
    assert all(f["backward"] == "warning" and f["forward"] == "compatible" for f in added)
    assert not [f for f in report["findings"] if f["severity"] == "breaking"]
    # Besides them: the longer prompt_version description, and the seed's object-level example.
    assert {f["rule"] for f in report["findings"]} == {"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "DESCRIPTION_CHANGED",
                                                       "ANNOTATION_CHANGED"}
    assert report["breaking"] is False and report["semver"] == "minor"


def test_session_strict_fails_on_the_open_model_warnings(in_tmp: Path) -> None:
    if not SESSION_V2.is_file():
        pytest.skip(f"{SESSION_V2} is absent")
    code, out, _ = run(str(SCHEMA), str(SESSION_V2), "--strict")
    assert code == 1
    assert "5 breaking" in out.splitlines()[-1] and "major" in out.splitlines()[-1]


def test_exit_codes_follow_the_mode(in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, CLOSED, CLOSED_WITHOUT_B)
    assert run(str(old), str(new))[0] == 1  # backward: old data with b is refused
    assert run(str(old), str(new), "--mode", "forward")[0] == 0
    assert run(str(old), str(new), "--mode", "full")[0] == 1
    assert run(str(new), str(old), "--mode", "forward")[0] == 1
    assert run(str(old), str(old), "--mode", "full")[0] == 0


def test_unreadable_input_is_one_line_and_exit_2(in_tmp: Path) -> None:
    (in_tmp / "broken.json").write_text("{", "utf-8")
    (in_tmp / "bad.json").write_text('{"type": 12}', "utf-8")
    (in_tmp / "ok.json").write_text("{}", "utf-8")
    for args in (["ok.json", "missing.json"], ["ok.json", "broken.json"], ["bad.json", "ok.json"]):
        code, out, err = run(*args)
        assert code == 2, (args, out, err)
        assert len(err.strip().splitlines()) == 1 and err.startswith("schemasmith: error: "), err
    # Usage errors are click's (usage line, hint, error), as for every other command.
    for args in (["ok.json"], ["ok.json", "ok.json", "--mode", "sideways"]):
        code, _, err = run(*args)
        assert code == 2 and "Error:" in err and "Traceback" not in err


def test_unresolvable_ref_is_exit_2(in_tmp: Path) -> None:
    (in_tmp / "a.json").write_text('{"$ref": "#/$defs/missing"}', "utf-8")
    code, _, err = run("a.json", "a.json")
    assert code == 2 and "cannot resolve $ref" in err and len(err.strip().splitlines()) == 1


def test_json_records(in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, CLOSED, CLOSED_WITHOUT_B)
    code, out, _ = run(str(old), str(new), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["breaking"] is True and report["semver"] == "major"
    (finding,) = report["findings"]
    assert {"rule", "old_pointer", "new_pointer", "backward", "forward", "message", "severity"} <= set(finding)
    assert finding["rule"] == "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    assert (finding["old_pointer"], finding["new_pointer"]) == ("/properties/b", "")
    assert (finding["backward"], finding["forward"], finding["severity"]) == ("breaking", "compatible", "breaking")


def test_markdown_and_github_formats(in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, CLOSED, CLOSED_WITHOUT_B)
    _, markdown, _ = run(str(old), str(new), "--format", "markdown")
    assert "| 🔴 breaking | `PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL` | #/properties/b -&gt; # |" in markdown
    assert "suggested version bump: major" in markdown
    _, github, _ = run(str(new), str(old), "--format", "github")
    lines = github.splitlines()
    assert lines[0].startswith(f"::notice file={old},line=") and "title=PROPERTY_ADDED_TO_CLOSED_CONTENT_MODEL::" in lines[0]
    assert lines[-1].startswith("::notice title=schemasmith diff::no breaking change")
    _, github, _ = run(str(old), str(new), "--format", "github")
    assert github.splitlines()[0].startswith("::error file=")


def test_text_format_and_summary(in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, {"type": "string"}, {"type": "string", "description": "A name."})
    code, out, _ = run(str(old), str(new))
    assert code == 0
    assert "INFO            DESCRIPTION_CHANGED  # -> #/description" in out
    assert out.splitlines()[-1] == "no breaking change (backward): 1 finding (1 info); suggested version bump: patch"


def test_ignore_file_accepts_a_change(in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, CLOSED, CLOSED_WITHOUT_B)
    ignore = in_tmp / "accepted.toml"
    ignore.write_text('[[ignore]]\nrule = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"\npointer = "/properties/b"\n'
                      'reason = "no client ever sent b"\n', "utf-8")
    code, out, _ = run(str(old), str(new), "--ignore", str(ignore), "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"][0]["ignored"] == "no client ever sent b"
    # The same entry from pyproject.toml, read by default.
    (in_tmp / "pyproject.toml").write_text(
        '[[tool.schemasmith.diff.ignore]]\nrule = "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"\n'
        'pointer = "#/properties/*"\nreason = "accepted in review"\n', "utf-8")
    code, out, _ = run(str(old), str(new))
    assert code == 0 and "ignored: accepted in review" in out
    # Another rule or pointer does not match.
    ignore.write_text('[[ignore]]\nrule = "REQUIRED_ADDED"\npointer = "/properties/b"\nreason = "x"\n', "utf-8")
    assert run(str(old), str(new), "--ignore", str(ignore))[0] == 1


@pytest.mark.parametrize("text", ['[[ignore]]\nrule = "NOPE"\npointer = ""\nreason = "r"\n',
                                  '[[ignore]]\nrule = "REQUIRED_ADDED"\npointer = ""\n',
                                  "not toml [", '[[ignore]]\nrule = "REQUIRED_ADDED"\npointer = "x"\nreason = "r"\n'])
def test_bad_ignore_file_is_exit_2(text: str, in_tmp: Path) -> None:
    old, new = write_pair(in_tmp, CLOSED, CLOSED)
    (in_tmp / "i.toml").write_text(text, "utf-8")
    code, _, err = run(str(old), str(new), "--ignore", "i.toml")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "i.toml" in err


def test_against_a_git_revision(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    schema_dir = in_tmp / "schema"
    schema_dir.mkdir()
    # A sibling file $ref'd by the schema: read as it was at the revision, too.
    (schema_dir / "name.json").write_text(json.dumps({"type": "string", "maxLength": 10}), "utf-8")
    (schema_dir / "s.json").write_text(json.dumps({"type": "object", "properties": {"name": {"$ref": "name.json"}}}), "utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com"}
    for monkey_key, value in env.items():
        monkeypatch.setenv(monkey_key, value)
    subprocess.run(["git", "init", "-q"], cwd=in_tmp, check=True)
    subprocess.run(["git", "add", "."], cwd=in_tmp, check=True)
    subprocess.run(["git", "commit", "-qm", "v1"], cwd=in_tmp, check=True)
    assert run("--against", "HEAD", "schema/s.json")[0] == 0
    (schema_dir / "name.json").write_text(json.dumps({"type": "string", "maxLength": 5}), "utf-8")
    code, out, _ = run("--against", "HEAD", "schema/s.json", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["old"] == "HEAD:schema/s.json"
    assert [f["rule"] for f in report["findings"]] == ["MAX_LENGTH_TIGHTENED"]
    code, _, err = run("--against", "no-such-rev", "schema/s.json")
    assert code == 2 and "git" in err
