"""`schemasmith validate` against the whole official JSON-Schema-Test-Suite (../shared), drafts 4 to 2020-12.

Every case of every group, required and optional (formats included), with the suite's remotes
served the way a user would serve them: ``--ref-dir http://localhost:1234/=<remotes>``.

- The library (``Validator.from_path``, as the CLI builds it) gives the suite's verdict on every
  case, and its fast path gives the reference path's issues, word for word.
- The CLI, run in this process once per group over all of the group's instances twice — as one
  NDJSON file and as a folder of single-document .json files — gives the suite's verdicts, and the
  two inputs give the same issues. A real ``schemasmith`` process is run once per draft.
- The one documented deviation: formats are asserted by default, so the required 2020-12
  ``format.json`` cases that call a bad format "only an annotation" are reported invalid; with
  ``--annotate-formats`` they pass, with every other required case (tests below).

Schemas naming no ``$schema`` get their folder's draft (json_schema_suite.with_dialect).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from json_schema_suite import DRAFTS, SUITE, Group, groups, ref_dir_option
from schemasmith.cli.main import main
from schemasmith.source.refs import RefDirs
from schemasmith.validate.validator import Validator

pytestmark = pytest.mark.skipif(
    not (SUITE / "tests").is_dir(),
    reason=f"the JSON-Schema-Test-Suite is not at {SUITE} (third-party data kept beside the repository, "
    "in ../shared/json-schema-test-suite): nothing to run",
)

# The documented deviation (README, "JSON-Schema-Test-Suite conformance"): formats are assertions unless --annotate-formats.
ANNOTATION_ONLY_FILE = ("draft2020-12", "format.json")


def _groups(draft: str) -> list[Group]:
    return groups((draft,)) if (SUITE / "tests").is_dir() else []


def expected(group: Group, annotate_formats: bool) -> list[bool]:
    """The suite's verdicts, but for the deviation: without --annotate-formats, a string the
    format does not describe is invalid (the group's schema is ``{"format": F}``)."""
    verdicts = [case.valid for case in group.tests]
    if (group.draft, group.file) == ANNOTATION_ONLY_FILE and not annotate_formats:
        from schemasmith.validate.formats import formats_for

        check = formats_for(group.draft).get(group.schema.get("format", ""))
        verdicts = [
            valid and not (check is not None and isinstance(case.data, str) and not check(case.data))
            for valid, case in zip(verdicts, group.tests)
        ]
    return verdicts


def _schema_file(folder: Path, group: Group) -> Path:
    path = folder / "schema.json"
    path.write_text(json.dumps(group.schema), "utf-8")
    return path


@pytest.fixture(scope="module")
def ref_dirs() -> RefDirs:
    return RefDirs.parse([ref_dir_option()])


# -- the library, both paths -------------------------------------------------------------------


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_library_passes_every_case_and_its_fast_path_agrees(draft: str, tmp_path: Path, ref_dirs: RefDirs) -> None:
    failures: list[str] = []
    for group in _groups(draft):
        path = _schema_file(tmp_path, group)
        fast = Validator.from_path(path, ref_dirs=ref_dirs)
        reference = Validator.from_path(path, ref_dirs=ref_dirs, fast_path=False)
        for case, valid in zip(group.tests, expected(group, annotate_formats=False)):
            found = fast.validate_json(json.dumps(case.data).encode())
            if (found.invalid == 0) != valid:
                failures.append(f"{group.name} {group.description!r} / {case.description!r}: expected "
                                f"{'valid' if valid else 'invalid'}, got {[i.message for i in found.issues]}")
            assert found.issues == reference.validate_json(json.dumps(case.data).encode()).issues, (
                group.name, case.description)
            assert fast.errors(case.data) == reference.errors(case.data), (group.name, case.description)
    assert not failures, f"{len(failures)} case(s) fail:\n" + "\n".join(failures)


@pytest.mark.parametrize("draft", DRAFTS)
def test_with_annotate_formats_every_required_case_passes(draft: str, tmp_path: Path, ref_dirs: RefDirs) -> None:
    failures = []
    for group in _groups(draft):
        if group.kind == "format":
            continue  # those ask for formats to be asserted
        path = _schema_file(tmp_path, group)
        validator = Validator.from_path(path, ref_dirs=ref_dirs, annotate_formats=True)
        for case in group.tests:
            if validator.is_valid(case.data) != case.valid:
                failures.append(f"{group.name} {case.description!r}")
    assert not failures, failures


def test_the_deviation_is_exactly_the_2020_12_annotation_cases() -> None:
    """Without --annotate-formats, only the 2020-12 format.json cases are expected otherwise."""
    differing = [
        (group.name, case.description)
        for draft in DRAFTS
        for group in _groups(draft)
        for case, valid in zip(group.tests, expected(group, annotate_formats=False))
        if valid != case.valid
    ]
    assert differing and {name.split("#")[0] for name, _ in differing} == {"draft2020-12/format.json"}
    assert len(differing) == 19, differing  # one bad value per format 2020-12 defines, at commit 44401e0


# -- the command line ---------------------------------------------------------------------------


def _line(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False)
    assert "Infinity" not in text and "NaN" not in text, "the suite's data is finite JSON"
    return text


def _cli_inputs(folder: Path, group: Group) -> tuple[Path, Path]:
    """The group's instances as one NDJSON file and as a folder of .json files (one each)."""
    folder.mkdir(parents=True)
    ndjson = folder / "cases.ndjson"
    ndjson.write_text("".join(_line(case.data) + "\n" for case in group.tests), "utf-8")
    single = folder / "single"
    single.mkdir()
    for index, case in enumerate(group.tests):
        (single / f"{index:03d}.json").write_text(json.dumps(case.data, ensure_ascii=False, indent=1), "utf-8")
    return ndjson, single


def _records(stdout: str) -> Iterator[dict[str, Any]]:
    for line in stdout.splitlines():
        yield json.loads(line)


def _cli_verdicts(group: Group, records: list[dict[str, Any]], ndjson: Path, single: Path) -> tuple[
        list[bool], list[bool], dict[int, list[tuple[Any, ...]]], dict[int, list[tuple[Any, ...]]]]:
    by_line: dict[int, list[tuple[Any, ...]]] = {}
    by_file: dict[int, list[tuple[Any, ...]]] = {}
    for record in records:
        issue = (record["pointer"], record["message"], record["keyword"])
        if record["file"] == str(ndjson):
            by_line.setdefault(record["line"] - 1, []).append(issue)
        else:
            by_file.setdefault(int(Path(record["file"]).stem), []).append(issue)
    count = len(group.tests)
    return ([i not in by_line for i in range(count)], [i not in by_file for i in range(count)], by_line, by_file)


@pytest.mark.parametrize("draft", DRAFTS)
def test_the_cli_passes_every_case_on_ndjson_and_single_files_alike(draft: str, tmp_path: Path) -> None:
    runner = CliRunner()
    failures: list[str] = []
    for number, group in enumerate(_groups(draft)):
        folder = tmp_path / f"g{number}"
        ndjson, single = _cli_inputs(folder, group)
        schema = _schema_file(folder, group)
        result = runner.invoke(main, ["validate", "--schema", str(schema), "--ref-dir", ref_dir_option(),
                                      "--format", "json", str(ndjson), str(single)], catch_exceptions=False)
        assert result.exit_code in (0, 1), (group.name, result.stderr)
        lines, files, by_line, by_file = _cli_verdicts(group, list(_records(result.stdout)), ndjson, single)
        assert by_line == by_file, (group.name, "NDJSON and single files disagree")
        want = expected(group, annotate_formats=False)
        assert result.exit_code == (0 if all(want) else 1), group.name
        failures += [f"{group.name} {case.description!r}" for case, got, valid in zip(group.tests, lines, want)
                     if got != valid]
    assert not failures, f"{len(failures)} case(s) fail through the CLI:\n" + "\n".join(failures)


def test_the_cli_annotate_formats_switch_passes_the_annotation_cases(tmp_path: Path) -> None:
    runner = CliRunner()
    for number, group in enumerate(g for g in _groups("draft2020-12") if g.file == "format.json"):
        folder = tmp_path / f"g{number}"
        ndjson, single = _cli_inputs(folder, group)
        schema = _schema_file(folder, group)
        result = runner.invoke(main, ["validate", "--schema", str(schema), "--annotate-formats", "--format", "json",
                                      str(ndjson), str(single)], catch_exceptions=False)
        lines, files, _, _ = _cli_verdicts(group, list(_records(result.stdout)), ndjson, single)
        assert lines == files == [case.valid for case in group.tests], group.name


def _remote_groups() -> list[Group]:
    return [g for draft in DRAFTS for g in _groups(draft) if g.file == "refRemote.json" and g.index == 0]


@pytest.mark.skipif(shutil.which("schemasmith", path=str(Path(sys.executable).parent)) is None,
                    reason="the schemasmith command is not installed in this environment")
@pytest.mark.parametrize("draft", DRAFTS)
def test_a_schemasmith_process_serves_remotes_with_ref_dir(draft: str, tmp_path: Path) -> None:
    (group,) = [g for g in _remote_groups() if g.draft == draft]
    ndjson, single = _cli_inputs(tmp_path / "cases", group)
    schema = _schema_file(tmp_path, group)
    command = [str(Path(sys.executable).parent / "schemasmith"), "validate", "--schema", str(schema), "--format",
               "json", str(ndjson), str(single)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "--ref-dir" in refused.stderr, refused.stderr  # not fetched: told how
    done = subprocess.run([*command, "--ref-dir", ref_dir_option()], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    lines, files, _, _ = _cli_verdicts(group, list(_records(done.stdout)), ndjson, single)
    assert lines == files == [case.valid for case in group.tests]
