"""Replace one benchmark's section of bench/RESULTS.md, leaving the others, and the section's own
hand-written part, alone.

A section is the text from its ``## `` heading to the next one. A rerun writes its report in
place of the section; when the section holds a ``kept`` subsection (a ``### `` heading that starts
with the given text: earlier runs, profiling notes), that subsection and everything after it in the
section stay, below the new report. The file is written whole and renamed into place.
"""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading: str, report: str, kept: str | None = None, results: Path = RESULTS) -> None:
    text = results.read_text("utf-8") if results.exists() else "# Benchmark results\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == heading), None)
    if start is None:
        new = text.rstrip("\n") + "\n\n" + report.rstrip("\n") + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        report = report.rstrip("\n") + "\n"
        if kept is not None:
            keep_from = next((i for i in range(start + 1, end) if lines[i].startswith(kept)), None)
            if keep_from is not None:
                report += "\n" + "".join(lines[keep_from:end]).rstrip("\n") + "\n"
        rest = "".join(lines[end:])
        new = "".join(lines[:start]) + report + ("\n" + rest if rest else "")
    temporary = results.with_name(results.name + ".tmp")
    temporary.write_text(new.rstrip("\n") + "\n", "utf-8")
    temporary.replace(results)
