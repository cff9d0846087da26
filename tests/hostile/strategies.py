"""Hypothesis strategies for hostile schemas: every piece of schema text that can reach an output
(titles, descriptions, examples, enum and const values, defaults, property names, $defs keys, patterns,
$comment, OpenAPI component names) is drawn from strings built to break some output context, and each
schema comes with a payload that is valid for its root model and uses the same hostile wire names.

The schemas use a known subset of JSON Schema (strings, nullable strings, enums, consts, integers,
booleans, arrays and maps of strings, nested and referenced objects, tagged unions, aliases in OpenAPI),
so the payload can be built alongside without a validator.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

# Pieces of text that each break at least one output context when passed through unescaped.
FRAGMENTS = [
    # Python string literals, docstrings, comments
    '"', "'", '"""', "'''", "\\", '\\"', "\\\\", "\\N{BULLET}", "\\u0041", "\\x00", "\\",
    '"""; import os; os.system("echo pwned") #', "'''\nraise SystemExit(3)\n'''",
    "#", "# type: ignore", "\n# comment\n",
    # line structure and invisible characters
    "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\xa0",
    "\u2028", "\u2029", "\ufeff", "\u202e", "\u200b", "\u0301", "\ufffd", "\U0001f600", "\U0010ffff",
    # lone surrogates (they reach the schema through JSON \u escapes)
    "\ud800", "\udfff", "\udbff", "\udc00x",
    # TypeScript / JavaScript
    "*/", "/*", "/**", "//", "*/ console.log('pwned'); /*", "${x}", "`", "${`", "</script>",
    "@deprecated", "@param x", "{@link x}", "\n * @internal", "__proto__", "constructor",
    # Markdown and HTML
    "|", "||", "\\|", "`", "``", "```", "```js\n", "~~~", "\n```\n", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<!--", "-->", "<br/>", "&lt;", "&amp;", "&#60;", "\n## Fields\n",
    "\n---\n", "\n| a | b |\n| - | - |\n", "\n    indented\n", "\n> quote", "\n- item", "*", "_", "[x]: http://x",
    "[x](javascript:alert(1))", "<http://x>", "\\\n",
    # Jinja (schema text is data, never template source)
    "{{ 7*7 }}", "{% raw %}", "{#", "#}", "{%",
    # ordinary text so the rest has something to sit in
    "a", "text", " ", "  ", "Name", "ß", "İ", "ﬁ", "名前", "ä", "0", "1.5", "-",
]

_PLAIN_WORDS = ["id", "name", "user", "value", "type", "item", "Item", "Data", "x", "HTTP", "url"]

hostile_text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6).map("".join),
    st.text(max_size=12),
    st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=8),
    st.lists(st.sampled_from(FRAGMENTS + _PLAIN_WORDS), max_size=3).map(" ".join),
)

# Names that collide with something: keywords, builtins, names the generated code itself binds,
# Object.prototype members, dunders, reserved device and file names, path pieces.
NAME_POOL = sorted(
    set(keyword.kwlist)
    | set(getattr(keyword, "softkwlist", []))
    | {
        "print", "self", "cls", "super", "object", "bytes", "str", "int", "float", "bool", "dict", "list",
        "Literal", "Any", "Final", "TypeAlias", "TypeVar", "Callable", "annotations", "dataclasses",
        "datetime", "_dt", "_uuid", "uuid", "json", "math", "re", "UNSET", "Unset", "SchemaValidationError",
        "_MODELS", "_decode_0", "_T", "_Decoder", "_encode", "_escape", "_string", "value", "data", "pointer",
        "key", "k", "v", "extra", "result", "f_x", "from_dict", "from_json", "to_dict", "to_json",
        "additional_properties", "additionalProperties", "__init__", "__class__", "__dict__", "__slots__",
        "__post_init__", "__dataclass_fields__", "__foo", "__proto__", "constructor", "prototype",
        "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "register", "var", "let", "const",
        "function", "enum", "interface", "delete", "new", "this", "undefined", "NaN", "Infinity",
        "arguments", "eval", "decode0", "encode0", "isJsonObject", "hasOwn", "setOwn", "Date", "Object",
        "Array", "JSON", "Error", "dataValue", "", " ", "-", "_", "__", "1", "1st", "$ref", "$", "a-b",
        "a_b", "aB", "AB", "a.b", "a/b", "a~b", "~0", "~1", "%", "#", "con", "CON", "nul", "aux", "prn",
        "com1", "LPT1", "index", "Index", "../x", "..", ".", "C:\\x", "/etc/passwd",
    }
)

wire_name = st.one_of(
    st.sampled_from(NAME_POOL),
    st.tuples(st.sampled_from(NAME_POOL), st.sampled_from(["_", "__", "$", "-", " ", "1", "_x5f_"])).map("".join),
    st.sampled_from(NAME_POOL).map(lambda n: n.upper()),
    st.sampled_from(NAME_POOL).map(lambda n: n[:1].upper() + n[1:]),
    st.sampled_from(NAME_POOL).map(lambda n: "_" + n),
    hostile_text,
)

# Titles name models (up to four words) and so docs pages and module files.
hostile_title = st.one_of(
    st.sampled_from(NAME_POOL),
    st.sampled_from(["../../etc/passwd", "C:\\x", "CON", "nul", "Aux", "COM1", "lpt9", "index", "INDEX",
                     "/abs/path", "a/../../b", "..\\..\\x", "Prn.txt", "clock$", "x:y", "Session", "session"]),
    hostile_text,
)


@dataclass
class HostileCase:
    """A schema (or OpenAPI document), and a payload valid for its root model."""

    document: dict[str, Any]
    payload: dict[str, Any]
    openapi: bool
    strings: int = 0  # how many hostile strings went into the document
    refs: dict[str, Any] = field(default_factory=dict)


class _Builder:
    def __init__(self, draw: Any, openapi: bool) -> None:
        self.draw = draw
        self.openapi = openapi
        self.defs: dict[str, dict[str, Any]] = {}
        self.refs: dict[str, dict[str, Any]] = {}  # "$ref" value -> the schema it points to
        self.strings = 0
        self.reserved: set[str] = set()  # component keys the refs must not take

    # --- text ---------------------------------------------------------------------------------

    def text(self) -> str:
        self.strings += 1
        return str(self.draw(hostile_text))

    def maybe(self, probability: float = 0.5) -> bool:
        return bool(self.draw(st.floats(0, 1)) < probability)

    def annotate(self, schema: dict[str, Any], example: Any | None = None) -> dict[str, Any]:
        if self.maybe(0.7):
            schema["description"] = self.text()
        if self.maybe(0.3):
            schema["title"] = self.text()
        if self.maybe(0.2):
            schema["$comment"] = self.text()
        if example is not None and self.maybe(0.5):
            schema["examples"] = [example]
        if self.maybe(0.1):
            schema["deprecated"] = True
        if self.maybe(0.1):
            schema[self.draw(st.sampled_from(["readOnly", "writeOnly"]))] = True
        return schema

    # --- schemas ------------------------------------------------------------------------------

    def ref_to(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Put ``schema`` under a hostile $defs (or components/schemas) key and return a $ref to it."""
        # A URI cannot carry a lone surrogate, so a referenced key cannot hold one.
        key = str(self.draw(wire_name)).encode("utf-8", "replace").decode("utf-8")
        while key in self.defs or key in self.reserved:
            key += "_"
        self.strings += 1
        self.defs[key] = schema
        base = "#/components/schemas/" if self.openapi else "#/$defs/"
        # A $ref is a URI reference: the JSON Pointer token is escaped, then percent-encoded.
        token = key.replace("~", "~0").replace("/", "~1")
        ref = base + quote(token.encode("utf-8", "surrogatepass"), safe="")
        self.refs[ref] = schema
        return {"$ref": ref}

    def object_schema(self, depth: int) -> dict[str, Any]:
        names = self.draw(st.lists(wire_name, min_size=1 if depth == 0 else 0, max_size=6 - 2 * depth, unique=True))
        self.strings += len(names)
        properties = {name: self.property_schema(depth) for name in names}
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [n for n in names if self.maybe(0.4)]
        if required:
            schema["required"] = required
        closed = self.draw(st.sampled_from(["open", "open", "closed", "strings"]))
        if closed == "closed":
            schema["additionalProperties"] = False
        elif closed == "strings":
            schema["additionalProperties"] = {"type": "string"}
        if self.maybe(0.6):
            schema["title"] = str(self.draw(hostile_title))
            self.strings += 1
        return self.annotate(schema)

    def property_schema(self, depth: int) -> dict[str, Any]:
        kinds = ["string", "string", "nullable", "enum", "const", "integer", "boolean", "array", "map"]
        if depth < 2:
            kinds += ["object", "ref"]
        if depth == 0:
            kinds += ["tagged"]
        kind = self.draw(st.sampled_from(kinds))
        if kind == "string":
            schema: dict[str, Any] = {"type": "string"}
            if self.maybe(0.3):
                schema["default"] = self.text()
            if self.maybe(0.3):
                # Hostile text as a pattern, behind an empty first alternative: the loaders check
                # patterns now, and "|…" matches every string (when it is a pattern at all), so the
                # payloads stay valid while the text still has to be written safely into the code.
                schema["pattern"] = self.draw(st.sampled_from(["(a+)+$", "^(a|aa)*b$", "(.*a){20}", "["])) if self.maybe() else "|" + self.text()
            return self.annotate(schema, self.text())
        if kind == "nullable":
            return self.annotate({"type": ["string", "null"]}, self.text())
        if kind == "enum":
            values = self.draw(st.lists(hostile_text, min_size=1, max_size=4, unique=True))
            self.strings += len(values)
            enum: list[Any] = list(values) + ([None] if self.maybe(0.2) else [])
            return self.annotate({"enum": enum})
        if kind == "const":
            return self.annotate({"const": self.text()})
        if kind == "integer":
            schema = {"type": "integer"}
            if self.maybe(0.3):
                schema["default"] = self.draw(st.integers(-(2**70), 2**70))
            return self.annotate(schema, self.draw(st.integers(-(2**53), 2**53)))
        if kind == "boolean":
            return self.annotate({"type": "boolean"})
        if kind == "array":
            return self.annotate({"type": "array", "items": {"type": "string"}}, [self.text()])
        if kind == "map":
            return self.annotate({"type": "object", "additionalProperties": {"type": "string"}})
        if kind == "object":
            return self.object_schema(depth + 1)
        if kind == "ref":
            return self.ref_to(self.object_schema(depth + 1))
        # A tagged union: two referenced models that require one hostile tag property, each with its
        # own hostile constant value.
        tag = str(self.draw(wire_name))
        first, second = self.draw(st.lists(hostile_text, min_size=2, max_size=2, unique=True))
        self.strings += 3
        variants = []
        for value in (first, second):
            variant = self.object_schema(depth + 1)
            variant["properties"] = {tag: {"const": value}, **{k: v for k, v in variant["properties"].items() if k != tag}}
            variant["required"] = [tag, *(r for r in variant.get("required", []) if r != tag)]
            variants.append(self.ref_to(variant))
        return self.annotate({"oneOf": variants})

    # --- payloads -----------------------------------------------------------------------------

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        return self.refs[schema["$ref"]] if "$ref" in schema else schema

    def payload(self, schema: dict[str, Any]) -> Any:
        schema = self.resolve(schema)
        if "oneOf" in schema:
            return self.payload(self.draw(st.sampled_from(schema["oneOf"])))
        if "const" in schema:
            return schema["const"]
        if "enum" in schema:
            return self.draw(st.sampled_from(schema["enum"]))
        kind = schema["type"]
        if kind == ["string", "null"]:
            return None if self.maybe(0.3) else self.text()
        if kind == "string":
            return self.text()
        if kind == "integer":
            return self.draw(st.integers(-(2**53), 2**53))
        if kind == "boolean":
            return self.draw(st.booleans())
        if kind == "array":
            return self.draw(st.lists(hostile_text, max_size=3))
        assert kind == "object", schema
        properties = schema.get("properties")
        if properties is None:  # a map of strings
            return self.draw(st.dictionaries(wire_name, hostile_text, max_size=3))
        required = set(schema.get("required", []))
        value = {name: self.payload(sub) for name, sub in properties.items() if name in required or self.maybe()}
        extra = schema.get("additionalProperties", True)
        if extra is not False:
            for name in self.draw(st.lists(wire_name, max_size=2, unique=True)):
                if name not in properties:
                    value[name] = self.text() if extra == {"type": "string"} or self.maybe() else self.draw(
                        st.sampled_from([None, 1, True, [], {"k": "v"}])
                    )
        return value


@st.composite
def hostile_cases(draw: Any) -> HostileCase:
    """One hostile schema (a JSON Schema document, or one time in four an OpenAPI 3.1 document)."""
    openapi = bool(draw(st.integers(0, 3)) == 0)
    builder = _Builder(draw, openapi)
    root_key = str(draw(wire_name))
    builder.reserved.add(root_key)
    root = builder.object_schema(0)
    payload = builder.payload(root)
    if builder.maybe(0.5):
        root["examples"] = [payload]
    if openapi:
        # The root is the first component; hostile non-object components become type aliases.
        components: dict[str, Any] = {root_key: root, **builder.defs}
        if builder.maybe():
            values = draw(st.lists(hostile_text, min_size=1, max_size=3, unique=True))
            components.setdefault(str(draw(wire_name)), builder.annotate({"enum": values}))
        if builder.maybe():
            components.setdefault(str(draw(wire_name)), builder.annotate({"type": "array", "items": {"type": "string"}}))
        document: dict[str, Any] = {
            "openapi": "3.1.0",
            "info": {"title": builder.text(), "version": "1", "description": builder.text()},
            "components": {"schemas": components},
        }
    else:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **root}
        if builder.defs:
            document["$defs"] = builder.defs
    return HostileCase(document=document, payload=payload, openapi=openapi, strings=builder.strings)

