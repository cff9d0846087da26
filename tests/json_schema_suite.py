"""The official JSON-Schema-Test-Suite in ../shared, read as cases: shared by
tests/test_json_schema_test_suite.py and bench/suite_table.py.

Each test file holds groups (one schema, several instances with the expected verdict). A group's
draft is its folder's: a schema that does not name its dialect with ``$schema`` is given the
folder's (schemasmith reads a schema without ``$schema`` as 2020-12 and has no draft option), as
the suite's README asks ("implementations MUST be configured to expect the version matching the
test directory name").
``remotes/`` is what the cases expect at http://localhost:1234/; schemasmith serves it with
``--ref-dir http://localhost:1234/=<remotes>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUITE = Path(__file__).resolve().parents[1].parent / "shared" / "json-schema-test-suite"
REMOTES = SUITE / "remotes"
REMOTE_PREFIX = "http://localhost:1234/"
# schemasmith supports drafts 4 to 2020-12; draft 3 and the unreleased "v1" are not run.
DRAFTS = ("draft4", "draft6", "draft7", "draft2019-09", "draft2020-12")
DIALECTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
KINDS = ("required", "format", "optional")  # optional = the optional cases that are not formats


@dataclass(frozen=True)
class Case:
    description: str
    data: Any
    valid: bool


@dataclass(frozen=True)
class Group:
    draft: str
    kind: str
    file: str  # relative to the draft's folder, e.g. "optional/format/date.json"
    index: int
    description: str
    schema: Any  # with the draft's $schema added where the suite's schema names none
    tests: tuple[Case, ...]

    @property
    def name(self) -> str:
        return f"{self.draft}/{self.file}#{self.index}"


def ref_dir_option() -> str:
    """The --ref-dir value that serves the suite's remotes."""
    return f"{REMOTE_PREFIX}={REMOTES}"


def with_dialect(schema: Any, draft: str) -> Any:
    if isinstance(schema, dict) and "$schema" not in schema:
        return {"$schema": DIALECTS[draft], **schema}
    return schema


def groups(drafts: tuple[str, ...] = DRAFTS) -> list[Group]:
    found: list[Group] = []
    for draft in drafts:
        folder = SUITE / "tests" / draft
        for path in sorted(folder.rglob("*.json")):
            relative = path.relative_to(folder).as_posix()
            kind = "required" if not relative.startswith("optional/") else (
                "format" if relative.startswith("optional/format/") else "optional")
            for index, group in enumerate(json.loads(path.read_text("utf-8"))):
                tests = tuple(Case(t["description"], t["data"], t["valid"]) for t in group["tests"])
                found.append(Group(draft, kind, relative, index, group["description"],
                                   with_dialect(group["schema"], draft), tests))
    return found
