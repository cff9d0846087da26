"""Class names for models: chosen deterministically, unique across every target's namespace.

Candidates are tried in order (the schema's short ``title``, then the name its position suggests:
a ``$defs`` key, or parent + property name). A candidate another model already holds falls through
to the next; the last resort is a name spelled from the full JSON pointer. If even that is taken the
schema is refused with an error naming both pointers — never a silent ``Foo1``.
"""

from __future__ import annotations

from . import naming
from .errors import SchemaSmithError

# Names a model cannot take because generated code already binds them (Python runtime and typing
# names, TypeScript globals and runtime helpers); such a model is named with a "Model" suffix.
RESERVED_MODEL_NAMES = frozenset(
    {
        "Any", "Final", "Literal", "Callable", "TypeVar", "Unset", "SchemaValidationError", "ValueError",
        "RecursionError", "Exception", "Decoder",
        "Date", "Array", "Record", "Object", "Error", "JSON", "Number", "String", "Boolean", "Set", "Map",
        "Promise", "Symbol", "BigInt", "Function", "Math", "RegExp", "ReadonlySet", "ReadonlyArray",
        "JsonObject", "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract",
    }
)
MAX_TITLE_WORDS = 4  # longer titles are sentences, not names


class ModelNames:
    def __init__(self) -> None:
        # Keyed by the lower-cased name: docs pages must not differ only in case either.
        self._taken: dict[str, str] = {}

    def _free(self, name: str) -> bool:
        # A model X also claims "XWire" (its TypeScript wire type).
        return all(key.lower() not in self._taken for key in (name, name + "Wire")) and not (
            name.endswith("Wire") and name[:-4].lower() in self._taken
        )

    def _take(self, name: str, pointer: str) -> str:
        self._taken[name.lower()] = pointer
        return name

    @staticmethod
    def spell(candidate: str) -> str:
        name = naming.class_name(candidate)
        return name + "Model" if name in RESERVED_MODEL_NAMES else name

    def claim(self, title: str | None, hints: list[str], pointer: str, file: str) -> str:
        short_title = [title] if title and len(title.split()) <= MAX_TITLE_WORDS else []
        for candidate in short_title + hints:
            name = self.spell(candidate)
            if self._free(name):
                return self._take(name, pointer)
        fallback = self.spell(" ".join(naming.words(pointer.replace("/", " "))) or "Model")
        if self._free(fallback):
            return self._take(fallback, pointer)
        holder = self._taken.get(fallback.lower()) or self._taken.get(fallback.lower() + "wire", "")
        raise SchemaSmithError(
            f"models at #{holder} and #{pointer} both end up named {fallback!r}; give one a distinct title",
            file=file,
            pointer=pointer,
        )
