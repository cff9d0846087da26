"""A generated TypeScript module's declarations (its ``.d.ts``), as ``tsc --declaration`` gives them:
what a user's tsc reads instead of the module's code, so that checking a program that imports the
generated package does not check the loaders' bodies again.

Kept whole, with the comments right above them: imports (those of values only just where a type
names a value, through ``typeof``), re-exports, type aliases and interfaces (exported or not).
Exported functions, consts and classes become ``declare`` signatures; everything else (the module's
private helpers, top-level statements) goes. Where a signature cannot be written from the source's
own annotations (a return type, a parameter without a type or a literal default, a const without a
type or a literal value) this raises ``ValueError``: the generator annotates every export, so a
missing one is a generator bug, and guessing a type would publish a wrong one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from schemasmith.targets.typescript import ts_syntax

if TYPE_CHECKING:
    from tree_sitter import Node

# The type a parameter default or a `let` gets from its literal, as tsc widens it.
_WIDENED = {"string": "string", "number": "number", "true": "boolean", "false": "boolean", "regex": "RegExp"}
_ARITHMETIC = ("+", "-", "*", "/", "%", "**")
_KEPT_WHOLE = ("import_statement", "type_alias_declaration", "interface_declaration")
_TYPE_SPECIFIER = re.compile(r"[{,]\s*type\s")  # `import { type A, b }`: A is a type
# Private declarations and comments; every top-level statement (`*_statement`: expressions, empty ones…) goes too.
_DROPPED = ("function_declaration", "lexical_declaration", "class_declaration", "comment")


def declarations_of(ts_text: str) -> str:
    """The ``.d.ts`` of ``ts_text`` (a generated module); ``ValueError`` on a syntax error or on a
    declaration it cannot write faithfully."""
    source, tree = ts_syntax.parse(ts_text)
    root = tree.root_node
    header_end = ts_syntax.header_end(source, root)
    blocks: list[tuple[Node, str]] = []
    private_declarations = False
    module_statements = False
    for statement in root.children:
        if statement.end_byte <= header_end:
            continue
        text = _declaration(source, statement)
        if text is None:
            continue
        blocks.append((statement, text))
        module_statements |= statement.type in ("import_statement", "export_statement")
        private_declarations |= statement.type in ("type_alias_declaration", "interface_declaration")
    _check_value_references(source, root, blocks)
    if not any("typeof" in text for _, text in blocks):
        # No kept type names a value: an import of values only is dead weight, which tsc would read
        # (3,162 of them, a tenth of the identifiers, in GitHub's description's declarations).
        blocks = [(statement, text) for statement, text in blocks if not _imports_values_only(text)]
    pieces = [source[:header_end].decode("utf-8")] if header_end else []
    for statement, text in blocks:
        comments = [c for c in ts_syntax.leading_comments(statement) if c.start_byte >= header_end]
        start = comments[0].start_byte if comments else statement.start_byte
        if pieces and source[:start].endswith(b"\n\n"):
            pieces.append("")
        lines = [_text(source, comment) for comment in comments]
        pieces.append("\n".join(lines + [text]))
    if private_declarations or not module_statements:
        # A declaration file's top-level declarations are all exported unless it says `export {}`
        # (tsc writes it for the same reason); it also keeps a file without imports a module.
        pieces.append("export {};")
    return "\n".join(pieces) + "\n"


def _declaration(source: bytes, statement: Node) -> str | None:
    """The statement as it reads in the .d.ts, or None when it has no place there."""
    kind = statement.type
    if kind in _KEPT_WHOLE:
        return _text(source, statement)
    if kind == "export_statement":
        return _exported(source, statement)
    if kind in _DROPPED or kind.endswith("_statement"):
        return None
    raise ts_syntax.unsupported(source, statement, f"{kind.replace('_', ' ')} in a declaration file")


def _imports_values_only(text: str) -> bool:
    """Whether an import statement's text (as the generator writes them) brings in no type."""
    if not text.startswith("import ") or text.startswith("import type "):
        return False
    clause = text.partition(" from ")[0]
    return _TYPE_SPECIFIER.search(clause) is None


def _exported(source: bytes, statement: Node) -> str:
    declaration = statement.child_by_field_name("declaration")
    if declaration is None:
        if statement.child_by_field_name("source") is not None:
            return _text(source, statement)  # a re-export
        raise ts_syntax.unsupported(source, statement, "an export list without `from` or a default export")
    kind = declaration.type
    if kind in ("type_alias_declaration", "interface_declaration"):
        return _text(source, statement)
    if any(child.type == "default" for child in statement.children):
        raise ts_syntax.unsupported(source, statement, "a default export")
    if kind == "function_declaration":
        return "export declare function " + _signature(source, declaration) + ";"
    if kind == "lexical_declaration":
        return "export declare " + _variables(source, declaration) + ";"
    if kind == "class_declaration":
        return "export declare " + _class(source, declaration)
    raise ts_syntax.unsupported(source, declaration, f"an exported {kind.replace('_', ' ')}")


def _signature(source: bytes, function: Node, needs_return: bool = True) -> str:
    """``name<T>(a: A, b?: B): R`` of a function or method."""
    name = _field(source, function, "name")
    parameters = function.child_by_field_name("parameters")
    assert parameters is not None
    returns = function.child_by_field_name("return_type")
    if returns is None and needs_return:
        raise ts_syntax.unsupported(source, function, "a function without a return type")
    type_parameters = _field(source, function, "type_parameters")
    result = _text(source, returns) if returns is not None else ""
    return f"{name}{type_parameters}{_parameters(source, parameters)}{result}"


def _parameters(source: bytes, parameters: Node) -> str:
    listed = [node for node in parameters.named_children if node.type != "comment"]
    written: list[str] = []
    earlier: dict[str, str] = {}  # parameter name -> its written type
    for index, parameter in enumerate(listed):
        if parameter.type not in ("required_parameter", "optional_parameter"):
            raise ts_syntax.unsupported(source, parameter, f"a {parameter.type.replace('_', ' ')}")
        if any(child.type in ("accessibility_modifier", "override_modifier", "readonly") for child in parameter.children):
            raise ts_syntax.unsupported(source, parameter, "a parameter property")
        pattern = parameter.child_by_field_name("pattern")
        assert pattern is not None
        if pattern.type not in ("identifier", "rest_pattern"):
            raise ts_syntax.unsupported(source, parameter, "a destructured parameter")
        annotation = parameter.child_by_field_name("type")
        default = parameter.child_by_field_name("value")
        if annotation is not None:
            typed = _text(source, annotation)
        elif default is not None and default.type == "identifier" and _text(source, default) in earlier:
            typed = earlier[_text(source, default)]  # `top = where`: the earlier parameter's type
        elif default is not None:
            typed = ": " + _widened(source, default, parameter)
        else:
            raise ts_syntax.unsupported(source, parameter, "a parameter without a type")
        earlier[_text(source, pattern)] = typed
        optional = parameter.type == "optional_parameter" or default is not None
        later_required = any(_required(later) for later in listed[index + 1 :])
        if optional and later_required:
            written.append(f"{_text(source, pattern)}{typed} | undefined")
        else:
            written.append(f"{_text(source, pattern)}{'?' if optional else ''}{typed}")
    return "(" + ", ".join(written) + ")"


def _required(parameter: Node) -> bool:
    pattern = parameter.child_by_field_name("pattern")
    return (
        parameter.type == "required_parameter"
        and parameter.child_by_field_name("value") is None
        and (pattern is None or pattern.type != "rest_pattern")
    )


def _widened(source: bytes, value: Node, where: Node) -> str:
    kind = value.type
    if kind == "template_string" and all(c.type != "template_substitution" for c in value.children):
        kind = "string"
    if kind == "parenthesized_expression":
        return _widened(source, value.named_children[0], where)
    if kind in ("unary_expression", "binary_expression"):
        # `-1`, `23 * 60 + 59`: arithmetic on numbers is a number.
        operator = value.child_by_field_name("operator")
        operands = [child for child in value.named_children if child.type != "comment"]
        arithmetic = operator is not None and operator.type in _ARITHMETIC
        if arithmetic and all(_widened(source, operand, where) == "number" for operand in operands):
            return "number"
    if kind == "array":
        # `[31, 28, ...]`: an array of one literal type (tsc writes `number[]`).
        items = {_widened(source, item, where) for item in value.named_children if item.type != "comment"}
        if len(items) == 1:
            return f"{items.pop()}[]"
    if kind not in _WIDENED:
        raise ts_syntax.unsupported(source, where, "a value whose type is not written (nor a literal's)")
    return _WIDENED[kind]


def _variables(source: bytes, declaration: Node) -> str:
    keyword = _text(source, declaration.children[0])
    declared: list[str] = []
    for declarator in declaration.named_children:
        if declarator.type != "variable_declarator":
            continue
        name = declarator.child_by_field_name("name")
        assert name is not None
        if name.type != "identifier":
            raise ts_syntax.unsupported(source, declarator, "an exported destructuring")
        annotation = declarator.child_by_field_name("type")
        value = declarator.child_by_field_name("value")
        if annotation is not None:
            declared.append(_text(source, name) + _text(source, annotation))
        elif value is not None and keyword == "const" and _is_literal(value):
            declared.append(f"{_text(source, name)} = {_text(source, value)}")  # tsc keeps a const's literal type
        elif value is not None:
            declared.append(f"{_text(source, name)}: {_widened(source, value, declarator)}")
        else:
            raise ts_syntax.unsupported(source, declarator, "an exported variable without a type")
    return f"{keyword} {', '.join(declared)}"


def _is_literal(value: Node) -> bool:
    if value.type in ("string", "number", "true", "false"):
        return True
    argument = value.child_by_field_name("argument")
    operator = value.child_by_field_name("operator")
    return (
        value.type == "unary_expression"
        and operator is not None
        and operator.type == "-"
        and argument is not None
        and argument.type == "number"
    )


def _class(source: bytes, declaration: Node) -> str:
    if any(child.type == "decorator" for child in declaration.children):
        raise ts_syntax.unsupported(source, declaration, "a decorated class")
    head = declaration.child_by_field_name("body")
    assert head is not None
    name = _field(source, declaration, "name")
    type_parameters = _field(source, declaration, "type_parameters")
    heritage = next((c for c in declaration.named_children if c.type == "class_heritage"), None)
    opening = f"class {name}{type_parameters}" + (f" {_text(source, heritage)}" if heritage is not None else "")
    lines = [opening + " {"]
    for member in head.named_children:
        text = _member(source, member)
        if text is None:
            continue
        indent = " " * member.start_point.column
        for comment in ts_syntax.leading_comments(member):
            lines.append(indent + _text(source, comment))
        lines.append(indent + text)
    lines.append("}")
    return "\n".join(lines)


def _member(source: bytes, member: Node) -> str | None:
    kind = member.type
    if kind in ("comment", "class_static_block"):
        return None
    modifiers = [
        _text(source, child)
        for child in member.children
        if child.type in ("accessibility_modifier", "static", "readonly", "override_modifier", "async")
    ]
    if "private" in modifiers:
        # tsc tells users a private member exists, never its type.
        return " ".join(m for m in modifiers if m not in ("async",)) + f" {_field(source, member, 'name')};"
    words = "".join(f"{m} " for m in modifiers if m not in ("async", "public"))
    if kind == "public_field_definition":
        field_name = member.child_by_field_name("name")
        assert field_name is not None
        if field_name.type == "private_property_identifier":
            raise ts_syntax.unsupported(source, member, "a #private field")
        optional = "?" if any(child.type == "?" for child in member.children) else ""
        annotation = member.child_by_field_name("type")
        value = member.child_by_field_name("value")
        if annotation is not None:
            typed = _text(source, annotation)
        elif value is not None:
            typed = ": " + _widened(source, value, member)
        else:
            raise ts_syntax.unsupported(source, member, "a field without a type")
        return f"{words}{_text(source, field_name)}{optional}{typed};"
    if kind == "method_definition":
        if member.child_by_field_name("body") is None:
            raise ts_syntax.unsupported(source, member, "a method overload")
        accessor = next((c.type for c in member.children if c.type in ("get", "set")), None)
        name = _field(source, member, "name")
        if name == "constructor" or accessor == "set":
            prefix = "set " if accessor == "set" else ""
            return f"{words}{prefix}{_signature(source, member, needs_return=False)};"
        prefix = "get " if accessor == "get" else ""
        return f"{words}{prefix}{_signature(source, member)};"
    if kind == "index_signature":
        return _text(source, member).rstrip(";") + ";"
    raise ts_syntax.unsupported(source, member, f"a class member ({kind.replace('_', ' ')})")


def _check_value_references(source: bytes, root: Node, blocks: list[tuple[Node, str]]) -> None:
    """A kept type may name a value (``typeof X``) only if the .d.ts declares or imports it: the
    module's private consts are gone from it."""
    if not any("typeof" in text for _, text in blocks):
        return  # nothing kept names a value: no need to walk the tree for one
    references = ts_syntax.captures(ts_syntax.query("(type_query (identifier) @name)"), root).get("name", [])
    if not references:
        return
    kept = [(statement.start_byte, statement.end_byte) for statement, _ in blocks]
    declared = set()
    for statement, _ in blocks:
        declared.update(_names(source, statement))
    for reference in references:
        inside = any(start <= reference.start_byte < end for start, end in kept)
        if inside and _text(source, reference) not in declared:
            raise ts_syntax.unsupported(source, reference, "a type naming a value the module does not export")


def _names(source: bytes, statement: Node) -> list[str]:
    """The value names a kept statement binds: imported ones, exported declarations."""
    names = ts_syntax.captures(
        ts_syntax.query(
            "(import_specifier name: (identifier) @name) (import_specifier alias: (identifier) @name)"
            " (namespace_import (identifier) @name) (import_clause (identifier) @name)"
            " (export_statement declaration: (_ name: (_) @name))"
            " (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name)))"
        ),
        statement,
    ).get("name", [])
    return [_text(source, name) for name in names]


def _field(source: bytes, node: Node, field: str) -> str:
    child = node.child_by_field_name(field)
    return "" if child is None else _text(source, child)


def _text(source: bytes, node: Node) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8")
