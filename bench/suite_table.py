"""The JSON-Schema-Test-Suite table: cases passed per draft by schemasmith, jsonschema and jsonschema-rs.

    .venv/bin/python bench/suite_table.py [--failures]

Runs every case of ../shared/json-schema-test-suite (drafts 4 to 2020-12) through the three in one
run and prints a Markdown table: required cases, format cases (optional/format/) and the other
optional cases, as passed/total. Every implementation gets the suite's remotes at
http://localhost:1234/ from ``remotes/`` and, as the suite asks, is told each group's draft (a
schema without ``$schema`` gets its folder's, as tests/json_schema_suite.py does for schemasmith).

- schemasmith: ``Validator.from_path`` (what ``schemasmith validate`` runs) with ``--ref-dir``'s
  mapping; its formats are assertions (the documented default) in every column, and the row
  "schemasmith --annotate-formats" repeats the required cases with formats as annotations.
- jsonschema and jsonschema-rs: formats asserted for the format cases only (each library's
  ``FORMAT_CHECKER`` / ``validate_formats=True``), annotations elsewhere — their defaults.

A case that makes an implementation refuse the schema or raise counts as failed. ``--failures``
also lists every failing case of each implementation.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from json_schema_suite import DRAFTS, KINDS, REMOTE_PREFIX, REMOTES, SUITE, Group, groups, ref_dir_option  # noqa: E402

Verdicts = Callable[[Group], list[bool]]  # the implementation's verdict on each case of a group


def _remote_documents() -> dict[str, Any]:
    return {
        REMOTE_PREFIX + path.relative_to(REMOTES).as_posix(): json.loads(path.read_text("utf-8"))
        for path in REMOTES.rglob("*.json")
    }


def schemasmith(annotate_formats: bool) -> Verdicts:
    from schemasmith.source.refs import RefDirs
    from schemasmith.validate.validator import Validator

    ref_dirs = RefDirs.parse([ref_dir_option()])
    folder = Path(tempfile.mkdtemp(prefix="suite-table-"))

    def verdicts(group: Group) -> list[bool]:
        path = folder / "schema.json"
        path.write_text(json.dumps(group.schema), "utf-8")
        validator = Validator.from_path(path, ref_dirs=ref_dirs, annotate_formats=annotate_formats)
        return [validator.is_valid(case.data) for case in group.tests]

    return verdicts


def jsonschema_library() -> Verdicts:
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import specification_with

    from json_schema_suite import DIALECTS

    remotes = _remote_documents()
    classes = {
        "draft4": jsonschema.Draft4Validator, "draft6": jsonschema.Draft6Validator,
        "draft7": jsonschema.Draft7Validator, "draft2019-09": jsonschema.Draft201909Validator,
        "draft2020-12": jsonschema.Draft202012Validator,
    }
    # Each draft's registry holds the remotes outside other drafts' folders (a 2020-12 remote read as
    # draft 4 would break draft 4's crawl of the registry), read as that draft, as jsonschema's own
    # suite runner does.
    other_folders = ("draft3/", "draft4/", "draft6/", "draft7/", "draft2019-09/", "draft2020-12/", "v1/")
    registries = {
        draft: Registry().with_resources(
            (uri, Resource.from_contents(document, default_specification=specification_with(DIALECTS[draft])))
            for uri, document in remotes.items()
            if not uri[len(REMOTE_PREFIX):].startswith(other_folders) or uri[len(REMOTE_PREFIX):].startswith(draft + "/")
        )
        for draft in DRAFTS
    }

    def verdicts(group: Group) -> list[bool]:
        cls = classes[group.draft]
        checker = cls.FORMAT_CHECKER if group.kind == "format" else None
        validator = cls(group.schema, registry=registries[group.draft], format_checker=checker)
        return [validator.is_valid(case.data) for case in group.tests]

    return verdicts


def jsonschema_rs_library() -> Verdicts:
    import jsonschema_rs

    remotes = _remote_documents()
    classes = {
        "draft4": jsonschema_rs.Draft4Validator, "draft6": jsonschema_rs.Draft6Validator,
        "draft7": jsonschema_rs.Draft7Validator, "draft2019-09": jsonschema_rs.Draft201909Validator,
        "draft2020-12": jsonschema_rs.Draft202012Validator,
    }

    def retrieve(uri: str) -> Any:
        return remotes[uri.split("#")[0]]

    def verdicts(group: Group) -> list[bool]:
        validator = classes[group.draft](group.schema, validate_formats=group.kind == "format", retriever=retrieve)
        return [validator.is_valid(case.data) for case in group.tests]

    return verdicts


def measure(name: str, verdicts: Verdicts, suite: list[Group], kinds: tuple[str, ...]) -> tuple[Counter[Any], list[str]]:
    passed: Counter[Any] = Counter()
    failures: list[str] = []
    for group in suite:
        if group.kind not in kinds:
            continue
        try:
            found: list[bool | None] = list(verdicts(group))
        except Exception as exc:  # noqa: BLE001 - a refused schema fails each of its cases
            found = [None] * len(group.tests)
            reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
        else:
            reason = ""
        for case, verdict in zip(group.tests, found):
            if verdict == case.valid:
                passed[group.draft, group.kind] += 1
            else:
                failures.append(f"{name}: {group.name} {case.description!r} (expected "
                                f"{'valid' if case.valid else 'invalid'}) {reason}")
    return passed, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every failing case")
    options = parser.parse_args()
    if not (SUITE / "tests").is_dir():
        sys.exit(f"the JSON-Schema-Test-Suite is not at {SUITE}")
    suite = groups()
    totals: Counter[Any] = Counter()
    for group in suite:
        totals[group.draft, group.kind] += len(group.tests)
    rows: list[tuple[str, Counter[Any], tuple[str, ...]]] = []
    every_failure: list[str] = []
    for name, verdicts, kinds in (
        ("schemasmith", schemasmith(annotate_formats=False), KINDS),
        ("schemasmith --annotate-formats", schemasmith(annotate_formats=True), ("required",)),
        ("jsonschema", jsonschema_library(), KINDS),
        ("jsonschema-rs", jsonschema_rs_library(), KINDS),
    ):
        passed, failures = measure(name, verdicts, suite, kinds)
        rows.append((name, passed, kinds))
        every_failure += failures
    import jsonschema_rs
    from importlib.metadata import version

    source = (SUITE / "SOURCE.txt").read_text("utf-8").split(",")[0] if (SUITE / "SOURCE.txt").is_file() else "?"
    print(f"{source}; jsonschema {version('jsonschema')}, jsonschema-rs {version('jsonschema-rs')}\n")
    print("| draft | implementation | required | format | other optional | all |")
    print("| --- | --- | --- | --- | --- | --- |")
    for draft in (*DRAFTS, "all"):
        for name, passed, kinds in rows:
            drafts = DRAFTS if draft == "all" else (draft,)
            cells = []
            for kind in KINDS:
                if kind not in kinds:
                    cells.append("")
                    continue
                got, total = sum(passed[d, kind] for d in drafts), sum(totals[d, kind] for d in drafts)
                cells.append(f"{got:,}/{total:,}")
            whole = (f"{sum(passed[d, k] for d in drafts for k in kinds):,}/"
                     f"{sum(totals[d, k] for d in drafts for k in kinds):,}") if kinds == KINDS else ""
            print(f"| {draft} | {name} | " + " | ".join(cells) + f" | {whole} |")
    if options.failures:
        print()
        for line in every_failure:
            print(line)
    del jsonschema_rs


if __name__ == "__main__":
    main()
