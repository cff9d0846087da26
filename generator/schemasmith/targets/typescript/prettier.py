"""``prettier --check`` on generated TypeScript: each top-level statement carries the
``// prettier-ignore`` comment prettier honours, since the generator, not prettier, lays the code
out (its lines are as long as the expressions the IR makes). tsc and a reader see the same code.
"""

from __future__ import annotations

import re

# A top-level statement starts at column 0 with one of these (the templates indent everything else).
_STATEMENT = re.compile(r"^(?:export |function |const |let |type |class |import )", re.M)
MARKER = "// prettier-ignore\n"


def ignore_each_statement(text: str) -> str:
    """``text`` with ``// prettier-ignore`` just above each top-level statement (after its JSDoc)."""
    return _STATEMENT.sub(lambda m: MARKER + m.group(0), text)
