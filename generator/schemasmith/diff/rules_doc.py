"""Write doc/diff-rules.md from the rule catalogue: ``python -m schemasmith.diff.rules_doc [PATH]``.

tests/test_diff_rules.py checks the committed file is what this writes, so the catalogue and its
documentation cannot drift apart."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .rules import RULES

HEADER = """# `schemasmith diff` rules

Every change `schemasmith diff OLD NEW` finds is one finding, named by one of these rules, with the
JSON Pointer of the change in OLD and in NEW and its effect in each direction:

- **backward**: a reader on NEW accepts every document valid under OLD (new code reads old data);
- **forward**: a reader on OLD accepts every document valid under NEW (old code reads new data).

An effect is `compatible`, `breaking`, or `warning` (a break only for data the schema left free:
fails the run only with `--strict`). `--mode backward` (the default) fails on backward breaks,
`forward` on forward ones, `full` on either. Findings of kind *generated code* keep the wire
compatible but change the API that `schemasmith generate` writes (source-breaking: they fail the
run with `--strict`, and call for a major version of a package that ships the generated code).

The comparison is of what the schemas accept, not of their text: `$ref`s are followed (a
definition moved or renamed, an inline object moved to `$defs`, is no change), `allOf` parts are
merged, `type: [T, "null"]`, `anyOf` with a null branch and OpenAPI 3.0's `nullable` read alike,
recursion is followed once. What it cannot decide (two different regular expressions, a changed
`if`) it reports as breaking, never as compatible. Where one side is a finite set of values (an
`enum`, a boolean) the effect is decided exactly, value by value.

Each example below is tested: OLD -> NEW gives the rule with the effects shown, NEW -> OLD gives
its inverse (tests/test_diff_rules.py), and instances generated from each side are checked against
the other with the reference validator (tests/test_diff_soundness.py).

"""


def render() -> str:
    lines = [HEADER.rstrip("\n"), ""]
    categories: dict[str, list[str]] = {}
    for rule in RULES.values():
        categories.setdefault(rule.category, []).append(rule.name)
    lines.append("| Rule | Backward | Forward | Kind |")
    lines.append("|---|---|---|---|")
    for rule in RULES.values():
        kind = {"wire": "wire", "codegen": "generated code", "annotation": "annotation"}[rule.kind]
        lines.append(f"| [`{rule.name}`](#{rule.name.lower()}) | {rule.backward} | {rule.forward} | {kind} |")
    lines.append("")
    for category, names in categories.items():
        lines.append(f"## {category[:1].upper() + category[1:]}")
        lines.append("")
        for name in names:
            rule = RULES[name]
            lines.append(f"### {name}")
            lines.append("")
            lines.append(rule.summary)
            lines.append("")
            effect = f"backward **{rule.backward}**, forward **{rule.forward}**"
            if rule.depends:
                effect += f" (depends on {rule.depends})"
            lines.append(f"Effect in the example: {effect}. Inverse: [`{rule.inverse}`](#{rule.inverse.lower()}).")
            lines.append("")
            lines.append("```json")
            lines.append(f"OLD {json.dumps(rule.old, ensure_ascii=False)}")
            lines.append(f"NEW {json.dumps(rule.new, ensure_ascii=False)}")
            lines.append("```")
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("doc/diff-rules.md")
    target.write_text(render(), "utf-8")


if __name__ == "__main__":
    main()
