"""The changelog page's rows: each release's findings, with a link to the page (and field) each is about.

A finding's pointer is linked when it lies inside a model of the schema being published: to the
field whose pointer is its longest prefix, or else to the model's page. Older releases' pointers
are read against today's schema too (links go to the pages as they are now); a pointer that no
longer lies in any model is shown without a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...diff.history import MODE, Release
from ...escaping import md_cell, pymd_code
from ...ir.nodes import SchemaIR
from .anchors import field_anchors


@dataclass(frozen=True)
class ReleaseSection:
    label: str
    previous: str | None
    summary: str
    rows: list[tuple[str, str, str, str]]  # severity, where (Markdown), what changed, rule


def _inside(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix + "/")


def _link_targets(schema_ir: SchemaIR) -> list[tuple[str, str]]:
    """(pointer, page link) for every model and field, longest pointer first."""
    targets = []
    for model in schema_ir.models:
        targets.append((model.pointer, f"{model.name}.md"))
        anchors = field_anchors([f.wire_name for f in model.fields])
        targets += [(f.pointer, f"{model.name}.md#{a}") for f, a in zip(model.fields, anchors)]
    return sorted(targets, key=lambda t: (-len(t[0]), t[0], t[1]))


def _where(pointer: str, targets: list[tuple[str, str]]) -> str:
    shown = pymd_code(f"#{pointer}")
    link = next((page for prefix, page in targets if _inside(pointer, prefix)), None)
    return f"[{shown}]({link})" if link else shown


def _summary(release: Release) -> str:
    if release.previous is None:
        return "The first version listed."
    count = len(release.findings)
    if not count:
        return f"No change since {release.previous}."
    verdict = "**Breaking** for readers" if release.breaking else "No breaking change for readers"
    return (f"{verdict} since {release.previous}: {count} change{'s' * (count != 1)}; "
            f"suggested version bump: {release.bump}.")


def release_sections(schema_ir: SchemaIR, releases: list[Release]) -> list[ReleaseSection]:
    targets = _link_targets(schema_ir)
    sections = []
    for release in releases:
        rows = []
        for finding in release.findings:
            pointer = finding.new_pointer if finding.new_pointer is not None else finding.old_pointer
            rows.append(
                (
                    finding.severity(MODE),
                    _where(pointer or "", targets),
                    md_cell(finding.message),
                    pymd_code(finding.rule),
                )
            )
        sections.append(ReleaseSection(release.label, release.previous, _summary(release), rows))
    return sections
