"""What ``schemasmith conformance`` prints: a line per problem, and the summary."""

from __future__ import annotations

from .verdicts import Report

def report_lines(report: Report, verbose: bool = False) -> list[str]:
    """One line per failing problem (``name: detail``), plus the informative ones with ``verbose``."""
    lines = [f"{judge}: could not judge: {why}" for judge, why in report.broken.items()]
    for outcome in report.outcomes:
        for problem in outcome.problems:
            if problem.failing or verbose:
                prefix = "" if problem.failing else "note: "
                lines.append(f"{outcome.payload.name}: {prefix}{problem.detail}")
    return lines


def summary_line(report: Report) -> str:
    total = len(report.outcomes)
    text = (f"schemasmith: {total:,} payload(s), judged by {', '.join(report.judges)}: "
            f"{report.agreeing:,} agree, {report.count('verdicts'):,} disagree")
    if report.count("unchecked"):
        text += (f" (and {report.count('unchecked'):,} only on keywords the loaders leave to `schemasmith validate`, "
                 "named at generation time)")
    valid = sum(1 for o in report.outcomes if o.verdicts["reference"].valid)
    text += f"; {valid:,} valid, {report.count('round trip'):,} round-trip failure(s)"
    if report.count("error type"):
        text += f", {report.count('error type'):,} crash(es)"
    if report.count("pointer"):
        text += f"; {report.count('pointer'):,} pointer difference(s) (informative, -v lists them)"
    for judge, why in report.skipped.items():
        text += f"; the {judge} judge was skipped: {why}"
    return text

