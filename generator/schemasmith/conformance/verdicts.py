"""What the judges give and the comparison makes of it: payloads, verdicts, problems, the report."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..escaping import one_line

@dataclass(frozen=True)
class Payload:
    """One JSON text to judge, named for the reader (``file:line``, or a test case's name)."""

    name: str
    data: bytes

    @classmethod
    def of_text(cls, name: str, text: str) -> Payload:
        return cls(name, text.encode("utf-8"))


@dataclass(frozen=True)
class Verdict:
    """One judge's verdict on one payload.

    ``pointers``: where the judge located problems (a language: its one error; the reference and
    the CLI: every error). ``crashed``: a language failed with something other than its
    ``SchemaValidationError``. ``round_trip``: a language's ``to_json`` text of an accepted payload,
    or None with ``round_trip_error`` saying why it could not be produced.
    """

    valid: bool
    pointers: tuple[str, ...] = ()
    message: str = ""
    keywords: tuple[str | None, ...] = ()
    # The reference only: for each error, every keyword on its schema path (to tell whether the
    # loaders were told to leave it to the validator).
    schema_keywords: tuple[frozenset[str], ...] = ()
    crashed: bool = False
    round_trip: str | None = None
    round_trip_error: str | None = None

    def describe(self) -> str:
        if self.valid:
            return "valid"
        if self.crashed:
            return f"failed ({shorten(self.message, 60)})"
        where = " ".join(f"#{pointer}" for pointer in dict.fromkeys(self.pointers)) or "?"
        keywords = sorted({k for k in self.keywords if k is not None})
        if keywords:
            return f"invalid at {where} [{', '.join(keywords)}]"
        # No schema keyword: a language's one error, or a document that is not JSON: say why.
        return f"invalid at {where} ({shorten(self.message, 100)})"


@dataclass(frozen=True)
class Problem:
    """``kind``: ``verdicts`` (the judges disagree), ``error type`` (a language crashed instead of
    raising its SchemaValidationError), ``round trip`` (an accepted valid payload came back
    different), ``pointer`` (the judges agree but locate the problem differently; informative), or
    ``unchecked`` (the judges disagree, but only on what the loaders were told at generation time
    to leave to ``schemasmith validate``, or on a string too long for a backtracking pattern:
    informative, and counted apart)."""

    kind: str
    detail: str
    judge: str | None = None

    @property
    def failing(self) -> bool:
        return self.kind not in ("pointer", "unchecked")


@dataclass
class Outcome:
    payload: Payload
    verdicts: dict[str, Verdict]
    problems: list[Problem] = field(default_factory=list)

    @property
    def failing(self) -> list[Problem]:
        return [p for p in self.problems if p.failing]


@dataclass(repr=False)
class Report:
    outcomes: list[Outcome]
    judges: tuple[str, ...]
    skipped: dict[str, str] = field(default_factory=dict)  # judge -> why it did not run
    broken: dict[str, str] = field(default_factory=dict)  # judge -> why it could not judge at all

    def __repr__(self) -> str:  # the outcomes hold every payload: far too long to show
        return (f"Report({len(self.outcomes)} payloads, judges={self.judges!r}, "
                f"failing={sum(1 for o in self.outcomes if o.failing)}, skipped={self.skipped!r}, broken={self.broken!r})")

    def count(self, kind: str) -> int:
        return sum(1 for o in self.outcomes for p in o.problems if p.kind == kind)

    @property
    def agreeing(self) -> int:
        return sum(1 for o in self.outcomes if not any(p.kind == "verdicts" for p in o.problems))

    @property
    def exit_code(self) -> int:
        return 1 if self.broken or any(o.failing for o in self.outcomes) else 0


class JudgeBroken(Exception):
    """A judge could not judge at all (tsc refused the generated code, the CLI exited 2...)."""



def shorten(text: str, limit: int) -> str:
    """One printable line, escaped as every message of the tool is (escaping.one_line), at most
    ``limit`` long."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def last_line(output: str | bytes, first: bool = False, limit: int = 300) -> str:
    """The last (or first) non-blank line of a tool's output, shortened."""
    if isinstance(output, bytes):
        output = output.decode("utf-8", "replace")
    lines = [line for line in output.splitlines() if line.strip()]
    return shorten((lines[0] if first else lines[-1]) if lines else "(no output)", limit)
