"""What one change does: a finding (rule, where in OLD and NEW, effect each way) and how findings add up.

An effect is ``compatible``, ``warning`` or ``breaking``. **backward**: a reader on NEW accepts every
document valid under OLD. **forward**: a reader on OLD accepts every document valid under NEW. A
``warning`` is a break only for data the schema never described (a name an open model left free);
it fails the run only with ``--strict``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

COMPATIBLE = "compatible"
WARNING = "warning"
BREAKING = "breaking"
_RANK = {COMPATIBLE: 0, WARNING: 1, BREAKING: 2}

MODES = ("backward", "forward", "full")

# What a finding is about: what documents are valid (wire), the generated code's API (codegen),
# or only words and examples (annotation).
WIRE = "wire"
CODEGEN = "codegen"
ANNOTATION = "annotation"


def worst(*effects: str) -> str:
    return max(effects, key=_RANK.__getitem__, default=COMPATIBLE)


@dataclass(frozen=True)
class Finding:
    rule: str
    old_pointer: str | None  # None: the thing is absent from OLD (or NEW, below)
    new_pointer: str | None
    backward: str
    forward: str
    message: str
    kind: str = WIRE
    component: str | None = None  # the OpenAPI component compared, when there are several
    ignored_because: str | None = None  # the ignore file's reason, when an entry matches

    def effect(self, mode: str) -> str:
        if mode == "backward":
            return self.backward
        if mode == "forward":
            return self.forward
        return worst(self.backward, self.forward)

    def severity(self, mode: str, strict: bool = False) -> str:
        """``breaking`` (fails the run), ``warning``, ``source-breaking`` (the generated API changes)
        or ``info``; with ``strict`` a warning and a source-breaking change fail the run too."""
        if self.kind == CODEGEN:
            return BREAKING if strict else "source-breaking"
        effect = self.effect(mode)
        if effect == WARNING and strict:
            return BREAKING
        return {COMPATIBLE: "info", WARNING: WARNING, BREAKING: BREAKING}[effect]

    def fails(self, mode: str, strict: bool = False) -> bool:
        return self.ignored_because is None and self.severity(mode, strict) == BREAKING

    def flipped(self) -> Finding:
        """The same change seen under a ``not``: what it widens there, it narrows outside."""
        return replace(self, backward=self.forward, forward=self.backward)

    def record(self, mode: str, strict: bool = False) -> dict[str, object]:
        record: dict[str, object] = {
            "rule": self.rule,
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
            "backward": self.backward,
            "forward": self.forward,
            "message": self.message,
            "severity": self.severity(mode, strict),
            "kind": self.kind,
        }
        if self.component is not None:
            record["component"] = self.component
        if self.ignored_because is not None:
            record["ignored"] = self.ignored_because
        return record


def verdict(findings: list[Finding], mode: str, strict: bool = False) -> bool:
    """True when no (unignored) finding breaks the chosen mode."""
    return not any(f.fails(mode, strict) for f in findings)


def semver_bump(findings: list[Finding], mode: str, strict: bool = False) -> str:
    """The version bump the change calls for: ``major`` if it breaks readers (in ``mode``) or the
    generated API, ``minor`` if it changes what is valid compatibly, ``patch`` if only annotations
    change, ``none`` without findings. Ignored findings count as accepted changes (not breaks)."""
    live = [f for f in findings if f.ignored_because is None]
    if any(f.fails(mode, strict) or f.kind == CODEGEN for f in live):
        return "major"
    if any(f.kind == WIRE for f in findings):
        return "minor"
    if findings:
        return "patch"
    return "none"
