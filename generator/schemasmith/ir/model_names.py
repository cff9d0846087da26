"""Class names for models: chosen deterministically, unique across every target's namespace.

Candidates are tried in order (the schema's short ``title``, then the name its position suggests:
a ``$defs`` key, or parent + property name). A candidate another model already holds falls through
to the next; the last resort is a name spelled from the full JSON pointer. If even that is taken the
schema is refused with an error naming both pointers — never a silent ``Foo1``.
"""

from __future__ import annotations

from ..targets import naming
from ..errors import SchemaSmithError

# Names a model cannot take because generated code already binds them (Python runtime and typing
# names, TypeScript globals and runtime helpers); such a model is named with a "Model" suffix.
RESERVED_MODEL_NAMES = frozenset(
    {
        "Any", "Final", "Literal", "Callable", "TypeVar", "Unset", "SchemaValidationError", "ValueError",
        "RecursionError", "Exception", "Decoder",
        "Date", "Array", "Record", "Object", "Error", "JSON", "Number", "String", "Boolean", "Set", "Map",
        "Promise", "Symbol", "BigInt", "Function", "Math", "RegExp", "ReadonlySet", "ReadonlyArray",
        "JsonObject", "Partial", "Required", "Readonly", "Pick", "Omit", "Exclude", "Extract",
        # Also bound by the generated code: the UNSET sentinel, the alias annotation, TS runtime types.
        "UNSET", "TypeAlias", "Encoder", "TypeError",
        # Python keywords that are already PascalCase: `class False:` does not parse.
        "False", "None", "True",
    }
)
# A model's name is also a file name (docs/<Name>.md), so, whatever the case: not "index" (the
# index page, the same file on a case-insensitive filesystem) and no name Windows reserves for a
# device, with any extension (naming.WINDOWS_DEVICE_NAMES). Such a model gets the "Model" suffix too.
RESERVED_FILE_STEMS = frozenset({"index"}) | naming.WINDOWS_DEVICE_NAMES
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
        reserved = name in RESERVED_MODEL_NAMES or name.lower() in RESERVED_FILE_STEMS
        return name + "Model" if reserved else name

    def claim(self, title: str | None, hints: list[str], pointer: str, file: str) -> str:
        short_title = [title] if title and len(title.split()) <= MAX_TITLE_WORDS else []
        for candidate in short_title + hints:
            name = self.spell(candidate)
            if self._free(name):
                return self._take(name, pointer)
        fallback = self.spell(" ".join(naming.words(pointer.replace("/", " "))) or "Model")
        if self._free(fallback):
            return self._take(fallback, pointer)
        # Whoever holds the name itself, its "Wire" twin, or (for a name ending in "Wire") its stem.
        holder = (
            self._taken.get(fallback.lower())
            or self._taken.get(fallback.lower() + "wire")
            or (self._taken.get(fallback[:-4].lower()) if fallback.endswith("Wire") else None)
            or ""
        )
        raise SchemaSmithError(
            f"models at #{holder} and #{pointer} both end up named {fallback!r}; give one a distinct title",
            file=file,
            pointer=pointer,
        )
