"""The one error type the pipeline raises for bad input, rendered as a single line."""

from __future__ import annotations

from dataclasses import dataclass

from .escaping import one_line


@dataclass
class SchemaSmithError(Exception):
    """Bad input or a refused operation: what went wrong, where, and why.

    The CLI prints ``str(error)`` as one line and exits with ``exit_code``;
    nothing in the pipeline lets a traceback reach the user for input errors. File names, JSON
    Pointers and reasons may quote a hostile schema (a ``$defs`` key holding a newline, ESC or a
    bidi override): ``str()`` escapes such characters, so the message stays one honest line.
    """

    reason: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    exit_code: int = 2

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = one_line(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        parts = [p for p in (where, self.pointer_text()) if p]
        prefix = " ".join(parts)
        reason = one_line(self.reason)
        return f"{prefix}: {reason}" if prefix else reason

    def pointer_text(self) -> str:
        # Shown as a URI fragment so the root ("") stays visible as "#".
        return "" if self.pointer is None else f"at #{one_line(self.pointer)}"
