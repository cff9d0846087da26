"""The findings, written for people (text), programs (json), pull requests (markdown) and GitHub
workflow annotations (github); every format ends with the verdict and the suggested version bump."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..escaping import md_cell, one_line
from ..source.json_file import locate
from .findings import Finding, semver_bump, verdict

FORMATS = ("text", "json", "markdown", "github")


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    mode: str
    strict: bool
    old_name: str  # how OLD and NEW are shown (file names, or REV:path)
    new_name: str
    new_file: str | None = None  # NEW's path, for annotations
    new_text: str | None = None  # NEW's text, to find a pointer's line
    old_file: str | None = None
    old_text: str | None = None

    @property
    def ok(self) -> bool:
        return verdict(self.findings, self.mode, self.strict)

    def counts(self) -> Counter[str]:
        return Counter("ignored" if f.ignored_because else f.severity(self.mode, self.strict) for f in self.findings)

    def summary(self) -> str:
        counts = self.counts()
        order = ("breaking", "warning", "source-breaking", "info", "ignored")
        parts = ", ".join(f"{counts[k]} {k}" for k in order if counts[k])
        verdict_text = "no breaking change" if self.ok else "BREAKING"
        total = len(self.findings)
        return (f"{verdict_text} ({self.mode}{', strict' if self.strict else ''}): {total} finding{'s' * (total != 1)}"
                f"{' (' + parts + ')' if parts else ''}; suggested version bump: "
                f"{semver_bump(self.findings, self.mode, self.strict)}")


def render(report: Report, output_format: str) -> str:
    return {"text": _text, "json": _json, "markdown": _markdown, "github": _github}[output_format](report)


def _where(finding: Finding) -> str:
    old = "#" + finding.old_pointer if finding.old_pointer is not None else "(absent)"
    new = "#" + finding.new_pointer if finding.new_pointer is not None else "(absent)"
    place = old if old == new else f"{old} -> {new}"
    return f"{finding.component}: {place}" if finding.component else place


def _text(report: Report) -> str:
    lines = [f"schemasmith diff {one_line(report.old_name)} -> {one_line(report.new_name)}"]
    for finding in report.findings:
        severity = "ignored" if finding.ignored_because else finding.severity(report.mode, report.strict)
        lines.append(f"{severity.upper():<16}{finding.rule}  {one_line(_where(finding))}")
        lines.append(f"                {one_line(finding.message)} [backward: {finding.backward}, forward: {finding.forward}]")
        if finding.ignored_because:
            lines.append(f"                ignored: {one_line(finding.ignored_because)}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _json(report: Report) -> str:
    document = {
        "old": report.old_name,
        "new": report.new_name,
        "mode": report.mode,
        "strict": report.strict,
        "findings": [f.record(report.mode, report.strict) for f in report.findings],
        "breaking": not report.ok,
        "semver": semver_bump(report.findings, report.mode, report.strict),
        "summary": report.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


_ICONS = {"breaking": "🔴", "warning": "🟠", "source-breaking": "🟣", "info": "⚪", "ignored": "⚫"}


def _markdown(report: Report) -> str:
    # md_cell escapes for text, not for code spans (where entities show as typed): no backticks around it.
    lines = [f"### Schema diff: {md_cell(report.old_name)} → {md_cell(report.new_name)}", "",
             f"**{md_cell(report.summary())}**", ""]
    if report.findings:
        lines += ["| | Rule | Where (OLD → NEW) | Backward | Forward | Change |", "|---|---|---|---|---|---|"]
        for finding in report.findings:
            severity = "ignored" if finding.ignored_because else finding.severity(report.mode, report.strict)
            change = md_cell(finding.message + (f" — ignored: {finding.ignored_because}" if finding.ignored_because else ""))
            lines.append(f"| {_ICONS[severity]} {severity} | `{finding.rule}` | {md_cell(_where(finding))} | "
                         f"{finding.backward} | {finding.forward} | {change} |")
        lines += ["", "Rules: doc/diff-rules.md. backward: readers on NEW accept data valid under OLD; "
                      "forward: readers on OLD accept data valid under NEW."]
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(report: Report) -> str:
    lines = []
    for finding in report.findings:
        if finding.ignored_because:
            continue
        severity = finding.severity(report.mode, report.strict)
        command = {"breaking": "error", "warning": "warning"}.get(severity, "notice")
        file, text, pointer = report.new_file, report.new_text, finding.new_pointer
        line = locate(text, pointer)[0] if text is not None and pointer is not None else None
        if line is None and report.old_text is not None and finding.old_pointer is not None:
            file, line = report.old_file, locate(report.old_text, finding.old_pointer)[0]
        properties = [f"title={_escape_property(finding.rule)}"]
        if file:
            properties.insert(0, f"file={_escape_property(file)}")
            if line:
                properties.insert(1, f"line={line}")
        message = f"{finding.message} (backward: {finding.backward}, forward: {finding.forward}) at {_where(finding)}"
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(one_line(message))}")
    lines.append(f"::{'notice' if report.ok else 'error'} title=schemasmith diff::{_escape_data(report.summary())}")
    return "\n".join(lines) + "\n"
