"""YAML and TOML documents, validated as check-jsonschema validates config files.

Each document becomes the JSON value it stands for, with a map from JSON Pointer to the line it
starts on, so an error is reported on the document's own line. The JSON document policy holds
(documents.py): what has no interoperable JSON value is refused with a one-line reason.

YAML (PyYAML's libyaml parser; values read by the YAML 1.2 core schema, as check-jsonschema's
ruamel.yaml does, so ``on``/``yes``/``no`` stay strings and ``0o17`` is an integer):
- a file with several documents (``---``) is one document per ``---``;
- refused: a key that appears twice in one mapping, a mapping or sequence used as a key, a tag
  with no JSON value (``!Ref``, ``!!binary``, ``!!set``, ``!!python/...``), ``.nan``/``.inf``, a
  number a double reads as infinity, nesting deeper than MAX_DEPTH, and aliases that expand to
  more than ALIAS_EXPANSION_LIMIT values beyond the document's own (a "billion laughs" bomb) or
  that refer to themselves;
- a scalar key is taken as its text (``200:`` is the key "200", as JSON object keys are strings);
- a timestamp stays the string it was written as (no reformatting before ``format`` is checked);
- merge keys (``<<: *base``) are merged, explicit keys winning.

TOML (tomllib): dates and times become RFC 3339 strings (``1979-05-27T07:32:00-08:00``), ``nan``
and ``inf`` are refused; a pointer's line is found by reading the table headers and keys (a pointer
not found there gets the line of its nearest ancestor that is).
"""

from __future__ import annotations

import datetime
import math
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .documents import MAX_DEPTH
from .issues import Issue, Tally
from ..source.json_file import OUT_OF_RANGE_NUMBER

# Values an alias may add beyond the document's own nodes: far more than any real config, far
# less than the 10^9 of a billion laughs.
ALIAS_EXPANSION_LIMIT = 100_000
_PLAIN = "tag:schemasmith:plain"
_CORE = "tag:yaml.org,2002:"


class StructuredError(ValueError):
    """A document that is not (interoperable) data; ``line`` where known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


@dataclass
class Parsed:
    """One document: its JSON value, the line of each pointer, and the line it starts on."""

    value: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1
    error: StructuredError | None = None

    def line_of(self, pointer: str) -> int:
        """The line of ``pointer``, or of its nearest ancestor with one."""
        while pointer:
            line = self.lines.get(pointer)
            if line is not None:
                return line
            pointer = pointer.rsplit("/", 1)[0]
        return self.lines.get("", self.first_line)


def parse(data: bytes, syntax: str) -> Iterator[Parsed]:
    """The documents of a YAML or TOML text (a parse failure ends the iteration with its error)."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        yield Parsed(error=StructuredError(f"not valid UTF-8 (byte {exc.start})"))
        return
    if syntax == "toml":
        yield _toml(text)
    else:
        yield from _yaml(text)


# -- YAML -------------------------------------------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCTAL = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


def _yaml_loader(text: str) -> Any:
    import yaml
    from yaml.nodes import ScalarNode

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        # Plain scalars keep a tag of their own: the 1.2 core schema reads them below, and an
        # explicit !!int stays distinguishable from an implicit one.
        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                return _PLAIN
            return super().resolve(kind, value, implicit)

    return Loader(text)


def _yaml(text: str) -> Iterator[Parsed]:
    import yaml

    loader = _yaml_loader(text)
    try:
        while True:
            try:
                if not loader.check_node():
                    return
                node = loader.get_node()
            except yaml.MarkedYAMLError as exc:
                mark = exc.problem_mark or exc.context_mark
                line = mark.line + 1 if mark is not None else None
                reason = " ".join(str(exc.problem or exc).split())
                if "nesting depth" in reason:
                    reason = f"nested more than {MAX_DEPTH} levels deep"
                yield Parsed(error=StructuredError(f"invalid YAML: {reason}", line), first_line=line or 1)
                return
            except yaml.YAMLError as exc:
                yield Parsed(error=StructuredError(f"invalid YAML: {' '.join(str(exc).split())}"))
                return
            if node is None:
                continue
            yield _yaml_document(node)
    finally:
        loader.dispose()


def _yaml_document(node: Any) -> Parsed:
    parsed = Parsed(first_line=node.start_mark.line + 1)
    builder = _YamlValues(parsed.lines)
    try:
        parsed.value = builder.value(node, "", 0)
        parsed.lines.setdefault("", parsed.first_line)
    except StructuredError as exc:
        parsed.error = exc
    return parsed


class _YamlValues:
    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.seen: set[int] = set()
        self.visits = 0
        self.open: set[int] = set()

    def value(self, node: Any, pointer: str, depth: int) -> Any:
        from yaml.nodes import MappingNode, SequenceNode

        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise StructuredError(f"nested more than {MAX_DEPTH} levels deep", line)
        self.visits += 1
        self.seen.add(id(node))
        if self.visits > len(self.seen) + ALIAS_EXPANSION_LIMIT:
            raise StructuredError(f"aliases expand to more than {ALIAS_EXPANSION_LIMIT:,} values "
                                  "(a YAML bomb?)", line)
        if id(node) in self.open:
            raise StructuredError("an alias refers to a node that contains it (a recursive structure)", line)
        if isinstance(node, MappingNode):
            self._check_tag(node, "map", line)
            self.open.add(id(node))
            try:
                return self._mapping(node, pointer, depth)
            finally:
                self.open.discard(id(node))
        if isinstance(node, SequenceNode):
            self._check_tag(node, "seq", line)
            self.open.add(id(node))
            try:
                items = []
                for index, item in enumerate(node.value):
                    child = f"{pointer}/{index}"
                    self.lines.setdefault(child, item.start_mark.line + 1)
                    items.append(self.value(item, child, depth + 1))
                return items
            finally:
                self.open.discard(id(node))
        return _scalar(node.tag, node.value, line)

    def _mapping(self, node: Any, pointer: str, depth: int) -> dict[str, Any]:
        from yaml.nodes import MappingNode, ScalarNode, SequenceNode

        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _CORE + "merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if not isinstance(source, MappingNode):
                        raise StructuredError("a merge key (<<) must name a mapping", line)
                    for name, item in self.value(source, pointer, depth + 1).items():
                        merged.setdefault(name, item)
                continue
            if not isinstance(key_node, ScalarNode):
                raise StructuredError("a mapping or sequence used as a key (JSON keys are strings)", line)
            if key_node.tag not in (_PLAIN, _CORE + "str", _CORE + "int", _CORE + "bool", _CORE + "null",
                                    _CORE + "float"):
                raise StructuredError(f"key with tag {key_node.tag} has no JSON value", line)
            name = key_node.value
            if name in result:
                raise StructuredError(f"duplicate key {name!r} (its values would be read differently "
                                      "by different parsers)", line)
            child = f"{pointer}/{name.replace('~', '~0').replace('/', '~1')}"
            self.lines[child] = line
            result[name] = self.value(value_node, child, depth + 1)
        for name, item in merged.items():
            result.setdefault(name, item)
        return result

    @staticmethod
    def _check_tag(node: Any, kind: str, line: int) -> None:
        if node.tag != _CORE + kind:
            raise StructuredError(f"tag {node.tag} has no JSON value", line)


def _scalar(tag: str, text: str, line: int) -> Any:
    if tag == _PLAIN:
        return _core_scalar(text, line)
    if tag == _CORE + "str" or tag == _CORE + "timestamp":
        return _string(text, line)
    if tag in (_CORE + "int", _CORE + "float", _CORE + "bool", _CORE + "null"):
        value = _core_scalar(text, line)
        wanted: Any = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[tag[len(_CORE):]]
        if not isinstance(value, wanted) or (tag.endswith("int") and isinstance(value, bool)):
            raise StructuredError(f"{text!r} is not a {tag[len(_CORE):]}", line)
        return float(value) if tag.endswith("float") else value
    raise StructuredError(f"tag {tag} has no JSON value", line)


def _core_scalar(text: str, line: int) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return _integer(int(text), line)
    if _OCTAL.match(text):
        return _integer(int(text[2:], 8), line)
    if _HEX.match(text):
        return _integer(int(text[2:], 16), line)
    if _FLOAT.match(text):
        number = float(text)
        if math.isinf(number):
            raise StructuredError(OUT_OF_RANGE_NUMBER, line)
        return number
    if _SPECIAL_FLOAT.match(text):
        raise StructuredError(f"{text} is not a JSON number", line)
    return _string(text, line)


def _integer(value: int, line: int) -> int:
    if abs(value) > 2**1023 * (2 - 2**-52):
        raise StructuredError(OUT_OF_RANGE_NUMBER, line)
    return value


def _string(text: str, line: int) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise StructuredError("a \\u escape is a lone UTF-16 surrogate, which is not a Unicode character", line) from None
    return text


# -- TOML -------------------------------------------------------------------------------------

_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=""")
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""")


def _toml(text: str) -> Parsed:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_ERROR_AT.search(message)
        line = int(found.group(1)) if found else None
        reason = _TOML_ERROR_AT.sub(f" (column {found.group(2)})" if found else "", message)
        return Parsed(error=StructuredError(f"invalid TOML: {reason}", line), first_line=line or 1)
    parsed = Parsed(lines=_toml_lines(text))
    try:
        parsed.value = _toml_value(document, "", parsed)
    except StructuredError as exc:
        parsed.error = exc
    return parsed


def _toml_value(value: Any, pointer: str, parsed: Parsed) -> Any:
    if isinstance(value, dict):
        return {k: _toml_value(v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", parsed)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_toml_value(v, f"{pointer}/{i}", parsed) for i, v in enumerate(value)]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise StructuredError(f"{value} is not a JSON number", parsed.line_of(pointer))
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _toml_lines(text: str) -> dict[str, int]:
    """pointer -> line, from table headers and ``key =`` lines (multi-line strings skipped)."""
    lines: dict[str, int] = {"": 1}
    table: list[str] = []
    array_counts: dict[tuple[str, ...], int] = {}
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        header = _TOML_HEADER.match(line)
        if header and not _TOML_KEY.match(line):
            parts = [_unquote(p) for p in _TOML_PART.findall(header.group(2))]
            if header.group(1) == "[[":
                index = array_counts.get(tuple(parts), 0)
                array_counts[tuple(parts)] = index + 1
                lines.setdefault(_pointer(parts), number)
                parts = parts + [str(index)]
            table = parts
            lines.setdefault(_pointer(table), number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            parts = table + [_unquote(p) for p in _TOML_PART.findall(key.group(1))]
            for end in range(len(table) + 1, len(parts) + 1):
                lines.setdefault(_pointer(parts[:end]), number)
            rest = line[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
    return lines


def _unquote(part: str) -> str:
    if part.startswith('"'):
        import json

        return str(json.loads(part))
    if part.startswith("'"):
        return part[1:-1]
    return part


def _pointer(parts: list[str]) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)


# -- validation -------------------------------------------------------------------------------


def validate_structured(
    validator: Any, data: bytes, file: str, syntax: str, keep_invalid: bool = False
) -> tuple[Tally, list[tuple[int | None, bytes]]]:
    """A YAML or TOML file's documents validated, each issue on its own line; with
    ``keep_invalid``, the invalid documents' JSON values (for --invalid-out: a YAML document has
    no one-line form of its own)."""
    import msgspec

    tally = Tally()
    invalid: list[tuple[int | None, bytes]] = []
    for parsed in parse(data, syntax):
        tally.documents += 1
        if parsed.error is not None:
            tally.invalid += 1
            tally.issues.append(Issue(file, parsed.error.line, "", str(parsed.error), None))
            continue
        issues = validator.validate_document(parsed.value, file)
        if issues:
            tally.invalid += 1
            tally.issues.extend(Issue(file, parsed.line_of(i.pointer), i.pointer, i.message, i.keyword, i.best_match)
                                for i in issues)
            if keep_invalid:
                invalid.append((None, msgspec.json.encode(parsed.value)))
    return tally, invalid
