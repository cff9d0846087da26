"""The language judges: one for each registered target whose output runs (``Target.runtime``).

A runtime names its judge ("module:attribute", imported only here) and how exactly an accepted
payload may come back from it (date-time digits, numbers as doubles).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..targets import registry
from ..targets.registry import Codec, Runtime
from .verdicts import Payload, Verdict


@dataclass(frozen=True)
class Code:
    """One target's generated module for the schema, and its root codec's names."""

    target: str
    file: Path
    codec: Codec


@dataclass(frozen=True)
class JudgeOptions:
    workdir: Path  # a scratch folder the judges share (each writes files of its own name)
    tools: Any = None  # for a judge that runs external tools: the ones to use (tests pin them)


class LanguageJudge(Protocol):
    @property
    def label(self) -> str:
        """The language's name in messages ("TypeScript")."""

    @property
    def needs(self) -> str:
        """What it must find to run ("node and tsc")."""

    def unavailable(self, options: JudgeOptions) -> str | None:
        """Why it cannot run here (a tool missing), or None."""

    def judge(self, code: Code, payloads: Sequence[Payload], options: JudgeOptions) -> list[Verdict]:
        """A verdict per payload; JudgeBroken when it cannot judge at all."""


def language_runtimes() -> tuple[tuple[str, Runtime], ...]:
    """(target name, runtime) of every registered target whose output runs, in registry order."""
    return tuple((t.name, t.runtime) for t in registry.targets() if t.runtime is not None)


def load_judge(runtime: Runtime) -> LanguageJudge:
    module, _, attribute = runtime.judge.partition(":")
    judge: LanguageJudge = getattr(importlib.import_module(module), attribute)
    return judge
