"""Turn a loaded schema into the IR: models, fields and type references.

Every subschema is normalized (schemasmith/ir/normalize.py) before it is read, ``$ref``s are followed
(schemasmith/source/refs.py), ``allOf`` parts are merged into one model, and whatever a target cannot express
is widened to ``AnyType`` — which accepts everything the schema accepts — rather than refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import SchemaSmithError
from .nodes import (
    NO_DEFAULT,
    NULL,
    AliasRef,
    AnyType,
    EnumType,
    Field,
    Model,
    ModelRef,
    PrimitiveType,
    NamedType,
    SchemaIR,
    TypeRef,
    Unchecked,
    evolved,
    is_nullable,
    json_kind,
    reads_checks,
    without_null,
)
from ..source.load import LoadedSchema
from .checks import read_checks, unchecked_in
from .constraints import constraints_of
from .model_names import ModelNames
from .composites import CompositeTypes
from .named_types import NamedTypes, named_position
from .name_overrides import NameOverrides, check_all_used
from .ref_siblings import NOT_ARRAY, NOT_OBJECT, RefSiblings, typed_part, widened, with_typed_part
from .annotations import constrains, examples, text
from .normalize import normalize
from .ref_chains import field_annotations, follow_refs, name_from_pointer
from .rules import RuleTable, checks_with_rule, with_rule
from .type_size import MAX_TYPE_SIZE, written_size
from ..targets.naming import assign_unique
from ..source.pointer import join
from ..source.refs import Here, cached_lookups, root_here

if TYPE_CHECKING:
    from ..targets.registry import Target

_SCALARS = ("string", "integer", "number", "boolean")
_OBJECT_KEYWORDS = ("properties", "additionalProperties", "patternProperties", "required")
# Subschemas inside one another, through properties, items, unions, allOf and $ref: six times the
# deepest in the SchemaStore corpus (16). Each level costs the builder a few Python frames and may
# nest a type expression in the output one level deeper; this bound keeps both far from Python's
# recursion limit (1,000 frames) and its parser's (200 nested brackets), whatever the $refs do.
MAX_NESTING = 100


@dataclass
class _ObjectPart:
    """One schema contributing properties to a model (the schema itself, or an allOf branch)."""

    schema: dict[str, Any]
    here: Here
    # The schema as written, allOf included: what unevaluatedProperties beside it reads.
    whole: dict[str, Any] | None = None


class IRBuilder(CompositeTypes):
    def __init__(
        self,
        loaded: LoadedSchema,
        targets: Sequence[Target] | None = None,
        overrides: NameOverrides | None = None,
        names_checked: bool = True,
    ) -> None:
        if targets is None:
            from ..targets import registry  # what names the targets need, and how they spell fields

            targets = registry.targets()
        self.targets = tuple(targets)
        self.loaded = loaded
        self.models: dict[str, Model] = {}
        self.order: list[str] = []
        self.model_by_identity: dict[int, str] = {}
        # Overrides (--names) are keyed by pointers in the root document, shown as its file name.
        self.overrides = overrides
        self.names_checked = names_checked  # refuse a table entry that names nothing here (not for diff)
        self.root_file = loaded.path.name
        self.names = ModelNames(self.targets, overrides, self.root_file)
        # The root document's property pointers -> the name of the model their type is, if any.
        self.field_pointers: dict[str, str | None] = {}
        policies = {id(t.field_naming): t.field_naming for t in self.targets if t.field_naming is not None}
        self.policies = tuple(policies.values())
        self.spelled_reserved = frozenset().union(*(p.reserved for p in self.policies))
        # Named non-model types, in the order met (a $ref to one is typed by its name).
        self.named_types = NamedTypes(self.names, loaded.is_openapi)
        self.aliases = self.named_types.aliases
        # $ref siblings as the draft reads them, and the models of untyped object schemas (a value
        # of theirs may be any non-object JSON value too): ir/ref_siblings.py.
        self.siblings = RefSiblings()
        self.widened_models: dict[str, TypeRef] = {}  # model -> its type where used: the union
        self.root_name = ""
        self.module_stem = ""  # what a JSON Schema document's modules are named after: its root model
        # Schemas whose type is being computed: meeting one again means a recursive non-model type.
        self.in_progress: set[int] = set()
        # How many times meeting one cut a recursive type short: a type computed across a cut
        # depends on the path that led to it, so it is not memoised below.
        self.cuts = 0
        # The type of each non-model schema, computed once: a schema reached again along another
        # path (a DAG of $refs) would otherwise be typed again, once per path.
        self.types: dict[int, TypeRef] = {}
        self.sizes: dict[int, tuple[TypeRef, int]] = {}  # id -> (the type, kept alive; its size in full)
        self.depth = 0  # subschemas being read inside one another
        # Keep every schema we key by id() alive, so an id cannot be reused by a temporary dict.
        self._keep_alive: list[Any] = []
        self._normalized: dict[int, dict[str, Any]] = {}
        # What the loaders leave to the validator, by (pointer, keyword), in the order met.
        self.unchecked: dict[tuple[str, str], Unchecked] = {}
        self.rules = RuleTable(self.note_unchecked)  # the applicator keywords run as rules (ir/rules.py)

    # --- entry points ---------------------------------------------------------------------

    def build(self, root_name: str | None) -> SchemaIR:
        document = self.loaded.document
        here = root_here(document, self.loaded.path, self.loaded.registry)
        if self.loaded.is_openapi:
            schemas = document.get("components", {}).get("schemas", {})
            for name in schemas:
                sub = schemas[name]
                self.named_type(sub, here.child(sub, "components", "schemas", name), [name], title_is_name=False)
        else:
            title = document.get("title") if isinstance(document, dict) else None
            stem = self.loaded.path.name.split(".")[0]
            hints = [root_name] if root_name else [str(title)] if isinstance(title, str) else [stem]
            if root_name is None and isinstance(title, str):
                hints.append(stem)
            self.named_type(document, here, hints, title_is_name=root_name is None)
        if not self.order and not self.aliases:
            raise SchemaSmithError("the document defines no object models", file=str(self.loaded.path), pointer="")
        if self.overrides is not None and self.names_checked:
            pointers = {name: pointer for pointer, name in self.names.given_at.items()}
            pointers.update((m.name, m.pointer) for m in self.models.values())
            check_all_used(
                self.overrides,
                self.names.given_at,
                {p: pointers.get(name) if name else None for p, name in self.field_pointers.items()},
            )
        return SchemaIR(
            source_name=self.loaded.display_name,
            content_hash=self.loaded.content_hash,
            module=self.module_name(root_name),
            root_name=self.root_name,
            models=tuple(self.models[name] for name in self.order),
            aliases=tuple(self.aliases),
            unchecked=tuple(u for u in self.unchecked.values() if (u.pointer, u.keyword) not in self.rules.ruled),
            rules=tuple(self.rules.rules),
        )

    def module_name(self, root_name: str | None) -> str:
        if not self.loaded.is_openapi:
            return self.module_stem or self.root_name
        return root_name or self.loaded.path.name.split(".")[0]

    def named_type(self, schema: Any, here: Here, hints: list[str], title_is_name: bool = True) -> None:
        """A schema with a name of its own (the root, a component): a model, else a named type."""
        type_ = self.type_of(schema, here, hints, title_is_name, named=True)
        if isinstance(typed_part(type_), (ModelRef, AliasRef)):
            # An untyped object's name is its model's: its codec takes objects.
            name = typed_part(type_).name  # type: ignore[union-attr]
            if type_ is not typed_part(type_) and not self.root_name and not self.loaded.is_openapi:
                # The document's root takes every non-object value too: its codec is a named type's.
                self.module_stem, name = name, self.named_types.document(name, type_, here)
        else:
            title = schema.get("title") if isinstance(schema, dict) and title_is_name else None
            name = self.names.claim(title if isinstance(title, str) else None, hints, here.pointer, here.file)
            annotations = schema if isinstance(schema, dict) else {}
            self.aliases.append(
                NamedType(
                    name=name,
                    type=type_,
                    pointer=here.pointer,
                    description=text(annotations.get("description")),
                    title=text(annotations.get("title")),
                    examples=examples(annotations),
                )
            )
        if not self.root_name:
            self.root_name = name

    # --- types ----------------------------------------------------------------------------

    def type_of(
        self, schema: Any, here: Here, hints: list[str], title_is_name: bool = True, named: bool = False
    ) -> TypeRef:
        """The type of ``schema``; by its name when it has one (``named``, or a ``$ref`` reaches a
        named position: a ``$defs`` entry, a component, a document)."""
        if isinstance(schema, bool) or schema is None:
            return AnyType("a boolean schema")
        if not isinstance(schema, dict):
            raise SchemaSmithError("a schema must be an object or a boolean", file=here.file, pointer=here.pointer)
        referrer = here
        # Normalized first: a rule may reveal a $ref (allOf: [$ref]); then the target, normalized.
        schema, here = follow_refs(self.normalized(schema), here)
        if isinstance(schema, bool):
            return AnyType("a boolean schema")
        target = schema
        schema = self.siblings.applied(self.normalized(schema), here)
        if here is not referrer and title_is_name:
            # Reached through a $ref: the target's own name ($defs key, or file) suits it best
            # (unless the user named it, e.g. with --root-name).
            hints = [name_from_pointer(here), *hints]
        identity = id(schema)
        type_ = self._schema_type(schema, identity, here, hints, title_is_name)
        if named or (here is not referrer and named_position(here)):
            return self.named_types.refer(identity, type_, target, here, hints, title_is_name)
        return type_

    def _schema_type(
        self, schema: dict[str, Any], identity: int, here: Here, hints: list[str], title_is_name: bool
    ) -> TypeRef:
        """The type of a (normalized) schema, memoised by identity, recursion cut."""
        if identity in self.model_by_identity:
            return self.model_type(ModelRef(self.model_by_identity[identity]))
        if identity in self.types:
            return self.types[identity]
        if identity in self.in_progress:
            self.cuts += 1
            return AnyType("a recursive type that is not an object model")
        cuts = self.cuts
        self.in_progress.add(identity)
        self._keep_alive.append(schema)
        try:
            self.deeper(here)
            try:
                type_ = self._type_of(schema, identity, here, hints, title_is_name)
                inner = typed_part(type_)  # an untyped map's (array's) rule is the map's: objects only
                # (Not null's: a rule would make it a null type no target reads as null.)
                if reads_checks(inner) and not isinstance(inner, ModelRef) and inner != NULL:
                    type_ = with_typed_part(type_, with_rule(inner, self.rules.own_rule(schema, here, kind=json_kind(inner))))
            finally:
                self.depth -= 1
        finally:
            self.in_progress.discard(identity)
        # The checks are read where a scalar, array, map or model type is made; a union or an enum
        # (or any value) carries none of this schema's own assertion keywords.
        self.note_unchecked(unchecked_in(schema, here.pointer, reads_checks(typed_part(type_))))
        if not isinstance(type_, ModelRef):
            if written_size(type_, self.sizes) > MAX_TYPE_SIZE:
                raise SchemaSmithError(
                    f"type too large to write out: in full it has more than {MAX_TYPE_SIZE:,} parts, because "
                    "it holds another type more than once per level (as `next | next[]` does, doubling each level)",
                    file=here.file,
                    pointer=here.pointer,
                )
            if self.cuts == cuts:
                self.types[identity] = type_
        return type_

    def model_type(self, ref: ModelRef) -> TypeRef:
        """A model's type where it is used: an untyped object's takes every non-object value too."""
        return self.widened_models.get(ref.name, ref)

    def deeper(self, here: Here) -> None:
        """One level deeper into subschemas (the caller undoes it: ``self.depth -= 1``), refused past
        MAX_NESTING, before Python's own limit. Not a context manager: GitHub's API description has
        43,000 subschemas, and entering and leaving one was ~4% of building its IR."""
        if self.depth >= MAX_NESTING:
            raise SchemaSmithError(
                f"schema nested too deeply: more than {MAX_NESTING} subschemas inside one another "
                "(through properties, items, anyOf/oneOf/allOf or $ref)",
                file=here.file,
                pointer=here.pointer,
            )
        self.depth += 1

    def note_unchecked(self, found: list[Unchecked]) -> None:
        for item in found:
            self.unchecked.setdefault((item.pointer, item.keyword), item)

    def normalized(self, schema: dict[str, Any]) -> dict[str, Any]:
        """normalize(), once per schema object: the subschemas it creates keep one identity, so a
        model reached twice through them is still one model."""
        cached = self._normalized.get(id(schema))
        if cached is None:
            self._keep_alive.append(schema)
            cached = self._normalized[id(schema)] = normalize(schema)
        return cached

    def _type_of(
        self, schema: dict[str, Any], identity: int, here: Here, hints: list[str], title_is_name: bool
    ) -> TypeRef:
        raw = schema
        schema = self.normalized(schema)
        parts = self.object_parts(raw, here)
        # anyOf/oneOf beside properties usually only vary `required`: the model reads the
        # properties, and the loaders leave those extra constraints to the validator.
        # ($ref siblings that only narrow the target leave it the referenced model: not merged.)
        if parts is not None and any(self._has_properties(p.schema) for p in parts) and id(raw) not in self.siblings.narrowing:
            title = raw.get("title") if title_is_name and isinstance(raw.get("title"), str) else None
            for keyword in ("anyOf", "oneOf"):
                if keyword in schema:
                    self.note_unchecked([Unchecked(here.pointer, keyword, "beside properties: the model reads the properties only")])
            model = self.build_model(identity, parts, here, title, hints)
            self.widened_models[model.name] = widened(model, NOT_OBJECT, [p.schema for p in parts], raw, here, self.rules)
            return self.model_type(model)
        if "allOf" in schema:
            typed = [self.type_of(b, self.siblings.branch(raw, here, b, i), hints) for i, b in enumerate(schema["allOf"])]
            typed = [t for t in typed if not isinstance(t, AnyType)]
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            own = self._type_of(rest, identity, here, hints, title_is_name) if constrains(rest) else AnyType()
            if not isinstance(own, AnyType):
                typed.insert(0, own)
            narrowed = self.siblings.narrowed(raw, schema, typed, self.rules, here)
            if narrowed is not None:
                return narrowed
            # The first typed part stands for all: the others only narrow it, which loaders need not check.
            if len(typed) > 1 and id(raw) in self.siblings.rewrites:
                self.note_unchecked([Unchecked(here.pointer, "$ref", "keywords beside it narrow the referenced type "
                                               "(applied with it since 2019-09); the loaders check the referenced type")])
            elif len(typed) > 1:
                self.note_unchecked([Unchecked(here.pointer, "allOf", "only the first typed part is checked by the loaders")])
            return typed[0] if typed else AnyType("allOf parts with no type")
        if "enum" in schema and isinstance(schema["enum"], list):
            values = tuple(schema["enum"])
            if values and all(v is None for v in values):
                return NULL
            return EnumType(values) if values else AnyType("an empty enum accepts nothing")
        for keyword in ("anyOf", "oneOf"):
            branches = schema.get(keyword)
            if isinstance(branches, list) and branches:
                return self.union(branches, keyword, schema, here, hints)
        kind = schema.get("type")
        if kind == "null":
            return NULL
        if kind in _SCALARS:
            fmt = schema.get("format") if kind == "string" else None
            return PrimitiveType(kind=str(kind), format=fmt if isinstance(fmt, str) else None,
                                 checks=read_checks(schema, str(kind)))
        if kind == "array":
            return self.array(schema, here, hints)
        if kind is None and any(k in schema for k in ("items", "prefixItems")):
            return widened(self.array(schema, here, hints), NOT_ARRAY, [schema], raw, here, self.rules)
        if kind == "object":
            return self.map_type(schema, here, hints)
        if kind is None and any(k in schema for k in _OBJECT_KEYWORDS):
            return widened(self.map_type(schema, here, hints), NOT_OBJECT, [schema], raw, here, self.rules)
        return AnyType("no type the targets can express")

    @staticmethod
    def _has_properties(schema: dict[str, Any]) -> bool:
        properties = schema.get("properties")
        return isinstance(properties, dict) and bool(properties) and schema.get("type", "object") in (
            "object",
            ["object"],
            ["object", "null"],
            ["null", "object"],
        )

    # --- models ---------------------------------------------------------------------------

    def object_parts(self, schema: dict[str, Any], here: Here) -> list[_ObjectPart] | None:
        """The schema and its allOf branches (refs followed), flattened; None if any is not an object."""
        raw, schema = schema, self.normalized(schema)
        parts = [_ObjectPart({k: v for k, v in schema.items() if k != "allOf"}, here, schema)]
        for index, branch in enumerate(schema.get("allOf", [])):
            if not isinstance(branch, dict):
                continue
            target, there = follow_refs(branch, self.siblings.branch(raw, here, branch, index))
            if not isinstance(target, dict):
                continue
            self.deeper(there)
            try:
                sub = self.object_parts(target, there)
            finally:
                self.depth -= 1
            if sub is None:
                return None
            parts.extend(sub)
        if any(p.schema.get("type") not in (None, "object") for p in parts):
            return None
        return parts

    def build_model(
        self, identity: int, parts: list[_ObjectPart], here: Here, title: str | None, hints: list[str]
    ) -> ModelRef:
        name = self.names.claim(title, hints, here.pointer, here.file)
        self.model_by_identity[identity] = name
        self.order.append(name)
        # The model is reached again by its name, so its fields are typed afresh: a non-model schema
        # it was reached through (an array of it) is no recursion inside it, and keeps its names.
        outer_progress, self.in_progress = self.in_progress, set()
        try:
            outer = parts[0].schema
            fields: dict[str, Field] = {}
            files: dict[str, str] = {}  # wire name -> the document its property is declared in
            required: list[str] = []
            for part in parts:
                for wire_name in part.schema.get("required", []) if isinstance(part.schema.get("required"), list) else []:
                    if isinstance(wire_name, str) and wire_name not in required:
                        required.append(wire_name)
            for part in parts:
                properties = part.schema.get("properties", {})
                if not isinstance(properties, dict):
                    continue
                for wire_name, sub in properties.items():
                    if wire_name in fields:
                        continue  # the first part to declare a property types it
                    pointer_here = part.here.child(sub, "properties", wire_name)
                    fields[wire_name] = self.field(wire_name, sub, wire_name in required, pointer_here, name)
                    files[wire_name] = part.here.file
            for wire_name in required:
                if wire_name not in fields:
                    # Required but never described: the schema only demands that it is present.
                    fields[wire_name] = Field(
                        wire_name=wire_name, required=True, nullable=False, type=AnyType("required, not described"),
                        pointer=join(here.pointer, "required"),
                    )
            field_list = self.named_fields(tuple(fields.values()), files, here)
            closed = all(p.schema.get("additionalProperties", True) is False for p in parts[:1])
            # Each part's applicator keywords (an allOf branch's if/then too), as one rule.
            rule = self.rules.all_of([self.rules.own_rule(p.schema, p.here, p.whole) for p in parts], here.pointer)
            checks = checks_with_rule(read_checks(outer, "object"), rule)
            self.models[name] = Model(
                name=name,
                pointer=here.pointer,
                fields=field_list,
                description=text(outer.get("description")),
                title=text(outer.get("title")),
                additional=None if closed and not outer.get("patternProperties") else self.additional_type(outer, here, [name]),
                examples=examples(outer),
                deprecated=outer.get("deprecated") is True,
                checks=checks,
            )
        finally:
            self.in_progress = outer_progress
        return ModelRef(name)

    def named_fields(self, field_list: tuple[Field, ...], files: dict[str, str], here: Here) -> tuple[Field, ...]:
        """The fields with their identifier under every registered field policy, whichever targets
        are generated, so the IR (and so every output) does not depend on the targets chosen."""
        root_fields = [f for f in field_list if files.get(f.wire_name, here.file) == self.root_file]
        for f in root_fields:
            model = typed_part(f.type)  # (an untyped object's model, beside the other values it takes)
            self.field_pointers[f.pointer] = model.name if isinstance(model, ModelRef) else None
        items = [(f.wire_name, f.pointer) for f in field_list]
        chosen: list[tuple[str, list[str]]] = []
        for policy in self.policies:
            given = self.overrides.fields(policy.name) if self.overrides is not None else {}
            fixed = {f.pointer: given[f.pointer] for f in root_fields if f.pointer in given}
            try:
                names = assign_unique(items, policy, self.spelled_reserved, fixed,
                                      self.overrides.source if self.overrides is not None else None)
            except SchemaSmithError as error:
                if error.file is None:
                    error.file = here.file
                raise
            chosen.append((policy.name, names))
        return tuple(evolved(f, names=tuple((p, names[i]) for p, names in chosen)) for i, f in enumerate(field_list))

    def field(self, wire_name: str, schema: Any, required: bool, here: Here, model_name: str) -> Field:
        annotations = field_annotations(schema, here)
        type_ = self.type_of(schema, here, [f"{model_name} {wire_name}"])
        nullable = is_nullable(type_)
        return Field(
            wire_name=wire_name,
            required=required,
            nullable=nullable and type_ != NULL,
            type=without_null(type_) if type_ != NULL else NULL,
            pointer=here.pointer,
            description=text(annotations.get("description")),
            title=text(annotations.get("title")),
            examples=examples(annotations),
            default=annotations.get("default", NO_DEFAULT),
            deprecated=annotations.get("deprecated") is True,
            read_only=annotations.get("readOnly") is True,
            write_only=annotations.get("writeOnly") is True,
            constraints=constraints_of(annotations, self.normalized),
        )


def build_ir(
    loaded: LoadedSchema,
    root_name: str | None = None,
    targets: Sequence[Target] | None = None,
    names: NameOverrides | None = None,
    names_checked: bool = True,
) -> SchemaIR:
    """The IR of ``loaded``, its names free in every one of ``targets`` (default: all registered);
    ``names``: the models' and properties' names the user gave, by pointer (``--names``), each of
    whose pointers must name a model or property here unless not ``names_checked`` (``diff``
    compares two versions: a pointer need only be in one, ``check_used_in_either``)."""
    with cached_lookups():
        return IRBuilder(loaded, targets, names, names_checked).build(root_name)
