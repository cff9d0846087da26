"""Compare two schemas by what they accept: the walk over both, one finding per change.

``Differ.compare(old_subs, new_subs)`` returns findings whose effects say whether the old language
is inside the new one (backward) and the new inside the old (forward). It is sound by design: what
it cannot decide it reports as breaking, never as compatible. Each pair of locations is compared
once; meeting a pair again while it is being compared (recursion through ``$ref``) assumes it equal,
the usual coinductive reading of recursive types, and a pair compared before gives its findings again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .branches import Branch, Branches, branches_of, discriminator_values
from .findings import ANNOTATION, BREAKING, COMPATIBLE, WARNING, WIRE, Finding, worst
from .rules import RULES
from .values import json_key
from .view import OPAQUE, SILENT, Flat, Flattener, Sub, trivially_false, trivially_true

_IN_PROGRESS: list[Finding] = []


def show(pointer: str | None) -> str:
    return "#" + (pointer or "")


class Differ:
    def __init__(self, old_flattener: Flattener, new_flattener: Flattener, old_format: Any, new_format: Any) -> None:
        self.old = old_flattener
        self.new = new_flattener
        self.old_format = old_format  # (value, format) -> bool: the reference validator's format checks
        self.new_format = new_format
        self.memo: dict[Any, list[Finding]] = {}

    # --- findings ---------------------------------------------------------------------------------

    @staticmethod
    def finding(rule: str, old_pointer: str, new_pointer: str, message: str, backward: str | None = None,
                forward: str | None = None) -> Finding:
        entry = RULES[rule]
        return Finding(rule, old_pointer, new_pointer, backward or entry.backward, forward or entry.forward,
                       message, entry.kind)

    # --- the walk -----------------------------------------------------------------------------------

    def compare(self, old: list[Sub], new: list[Sub]) -> list[Finding]:
        key = (tuple((id(s.schema), s.pointer) for s in old), tuple((id(s.schema), s.pointer) for s in new))
        known = self.memo.get(key)
        if known is not None:
            return known  # done before, or in progress (then: assumed equal)
        self.memo[key] = _IN_PROGRESS
        found = self._compare(old, new)
        self.memo[key] = found
        return found

    def _compare(self, old: list[Sub], new: list[Sub]) -> list[Finding]:
        fo, fn = self.old.flatten(old), self.new.flatten(new)
        out = self.annotations(fo, fn)
        if trivially_true(fo) and trivially_true(fn):
            return out
        false_o, false_n = trivially_false(fo), trivially_false(fn)
        if false_o or false_n:
            if false_o and not false_n:
                out.append(self.finding("SCHEMA_NO_LONGER_FALSE", fo.pointer(), fn.pointer(),
                                        "no value was valid here; some now are"))
            elif false_n and not false_o:
                out.append(self.finding("SCHEMA_BECAME_FALSE", fo.pointer(), fn.pointer(), "no value is valid here any more"))
            return out
        bo, bn = branches_of(fo, self.old), branches_of(fn, self.new)
        if bo.opaque or bn.opaque:
            if _unions_text(fo) != _unions_text(fn):
                out.append(self.finding("UNSUPPORTED_KEYWORD_CHANGED", fo.pointer(), fn.pointer(),
                                        "unions too large to compare branch by branch changed"))
            return out
        out.extend(self.compare_branches(bo, bn, fo, fn))
        return out

    def placeholder(self, holder: Sub, *tokens: object) -> Sub:
        """``true`` where a keyword is absent: what the absent keyword allows, at its would-be location."""
        return Sub(True, holder.here.child(True, *tokens))

    # --- annotations --------------------------------------------------------------------------------

    def annotations(self, fo: Flat, fn: Flat) -> list[Finding]:
        out = []
        for keyword in list(fo.annotations) + [k for k in fn.annotations if k not in fo.annotations]:
            if keyword in SILENT:
                continue
            a, b = fo.annotations.get(keyword), fn.annotations.get(keyword)
            if a is not None and b is not None and json_key(a.value) == json_key(b.value):
                continue
            rule = {"title": "TITLE_CHANGED", "description": "DESCRIPTION_CHANGED"}.get(keyword, "ANNOTATION_CHANGED")
            old_pointer = a.pointer(keyword) if a else fo.pointer()
            new_pointer = b.pointer(keyword) if b else fn.pointer()
            what = "added" if a is None else "removed" if b is None else "changed"
            if keyword == "title" and a is not None and b is not None:
                message = f"title {_short(a.value)} -> {_short(b.value)}"
            else:
                message = f"{keyword} {what}"
            out.append(self.finding(rule, old_pointer, new_pointer, message))
        return out

    # --- types and union branches ----------------------------------------------------------------

    def compare_branches(self, bo: Branches, bn: Branches, fo: Flat, fn: Flat) -> list[Finding]:
        out: list[Finding] = []
        old_types = {b.type for b in bo.branches}
        new_types = {b.type for b in bn.branches}
        type_o = _type_pointer(fo)
        type_n = _type_pointer(fn)
        if "null" in old_types - new_types:
            out.append(self.finding("NULLABLE_REMOVED", type_o, type_n, "null is no longer valid"))
        if "null" in new_types - old_types:
            out.append(self.finding("NULLABLE_ADDED", type_o, type_n, "null is now valid"))
        removed = sorted(old_types - new_types - {"null"})
        added = sorted(new_types - old_types - {"null"})
        removed = self._enum_only(removed, bo, bn, fo, fn, out, old_side=True)
        added = self._enum_only(added, bn, bo, fo, fn, out, old_side=False)
        listing = f"{_types_text(bo)} -> {_types_text(bn)}"
        if removed and added:
            out.append(self.finding("TYPE_CHANGED", type_o, type_n, f"type {listing}"))
        elif removed:
            out.append(self.finding("TYPE_NARROWED", type_o, type_n, f"type {listing}: {', '.join(removed)} no longer valid"))
        elif added:
            out.append(self.finding("TYPE_WIDENED", type_o, type_n, f"type {listing}: {', '.join(added)} now valid"))
        for type_ in sorted(old_types & new_types):
            olds = [b for b in bo.branches if b.type == type_]
            news = [b for b in bn.branches if b.type == type_]
            pairs, only_old, only_new = match_branches(olds, news)
            for x, y in pairs:
                out.extend(self.compare_branch(x, y))
            for x in only_old:
                out.append(self.finding("UNION_BRANCH_REMOVED", x.pointer, fn.pointer(), f"a {x.label()} branch was removed"))
            for y in only_new:
                out.append(self.finding("UNION_BRANCH_ADDED", fo.pointer(), y.pointer, f"a {y.label()} branch was added"))
        if bo.oneof_overlap or bn.oneof_overlap:
            # A value matching two branches of a oneOf is invalid: widening a branch can then
            # invalidate old data, and narrowing one validate new data. Neither direction is sure.
            out = [_unsure(f, "in a oneOf whose branches may overlap") if f.kind == WIRE else f for f in out]
        return out

    def _enum_only(self, types: list[str], here: Branches, there: Branches, fo: Flat, fn: Flat,
                   out: list[Finding], old_side: bool) -> list[str]:
        """A type only an enum's values brought (``enum: ["a", 1]`` losing 1) is an enum change."""
        kept = []
        for type_ in types:
            branches = [b for b in here.branches if b.type == type_]
            if all(b.enum is not None for b in branches) and any(b.enum is not None for b in there.branches):
                for branch in branches:
                    for value in branch.enum or ():
                        if old_side:
                            out.append(self.finding("ENUM_VALUE_REMOVED", branch.enum_pointer or fo.pointer(), _enum_pointer(there, fn),
                                                    f"value {_short(value)} is no longer valid"))
                        else:
                            out.append(self.finding("ENUM_VALUE_ADDED", _enum_pointer(there, fo), branch.enum_pointer or fn.pointer(),
                                                    f"value {_short(value)} is now valid"))
            else:
                kept.append(type_)
        return kept

    def compare_branch(self, x: Branch, y: Branch) -> list[Finding]:
        from .compare_array import compare_array
        from .compare_object import compare_object
        from .compare_scalar import compare_scalar

        out = self.generic(x, y)
        if x.type in ("boolean", "number", "string", "null"):
            out.extend(compare_scalar(self, x, y))
        elif x.type == "array":
            out.extend(compare_array(self, x, y))
        elif x.type == "object":
            out.extend(compare_object(self, x, y))
        return out

    # --- keywords of any type: not, if/then/else, the opaque ones -----------------------------------

    def generic(self, x: Branch, y: Branch) -> list[Finding]:
        out: list[Finding] = []
        nots_o = [o.child("not") for o in x.flat.get("not")]
        nots_n = [o.child("not") for o in y.flat.get("not")]
        if nots_o and not nots_n:
            out.append(self.finding("NOT_REMOVED", nots_o[0].pointer, y.pointer, "a not no longer excludes values"))
        elif nots_n and not nots_o:
            out.append(self.finding("NOT_ADDED", x.pointer, nots_n[0].pointer, "a not now excludes values"))
        elif nots_o and len(nots_o) == len(nots_n):
            for a, b in zip(nots_o, nots_n):
                # not A ⊆ not B exactly when B ⊆ A: the inner comparison read the other way round.
                out.extend(f.flipped() for f in self.compare([a], [b]))
        elif nots_o and _text([s.schema for s in nots_o]) != _text([s.schema for s in nots_n]):
            out.append(self.finding("UNSUPPORTED_KEYWORD_CHANGED", nots_o[0].pointer, nots_n[0].pointer, "not changed"))
        out.extend(self.conditionals(x, y))
        for keyword in OPAQUE:
            values_o = [o.value for o in x.flat.get(keyword)]
            values_n = [o.value for o in y.flat.get(keyword)]
            if json_key(values_o) != json_key(values_n):
                old_pointer = x.flat.get(keyword)[0].pointer(keyword) if values_o else x.pointer
                new_pointer = y.flat.get(keyword)[0].pointer(keyword) if values_n else y.pointer
                out.append(self.finding("UNSUPPORTED_KEYWORD_CHANGED", old_pointer, new_pointer, f"{keyword} changed"))
        return out

    def conditionals(self, x: Branch, y: Branch) -> list[Finding]:
        ifs_o, ifs_n = x.flat.get("if"), y.flat.get("if")
        if not ifs_o and not ifs_n:
            return []
        if not ifs_n:
            return [self.finding("CONDITIONAL_REMOVED", ifs_o[0].pointer("if"), y.pointer, "an if/then/else was removed")]
        if not ifs_o:
            return [self.finding("CONDITIONAL_ADDED", x.pointer, ifs_n[0].pointer("if"), "an if/then/else was added")]
        if len(ifs_o) != len(ifs_n):
            return [self.finding("CONDITIONAL_CHANGED", ifs_o[0].pointer("if"), ifs_n[0].pointer("if"), "if/then/else changed")]
        out: list[Finding] = []
        for a, b in zip(ifs_o, ifs_n):
            condition = [f for f in self.compare([a.child("if")], [b.child("if")]) if f.kind == WIRE]
            if condition:
                out.append(self.finding("CONDITIONAL_CHANGED", a.pointer("if"), b.pointer("if"),
                                        "the if condition changed: " + ", ".join(sorted({f.rule for f in condition}))))
                continue
            # The same condition: then and else each narrow or widen their half as they change.
            for keyword in ("then", "else"):
                subs = []
                for occurrence in (a, b):
                    schema = occurrence.sub.schema
                    value = schema.get(keyword, True) if isinstance(schema, dict) else True
                    subs.append(occurrence.sub.child(value, keyword))
                out.extend(self.compare([subs[0]], [subs[1]]))
        return out


def match_branches(olds: list[Branch], news: list[Branch]) -> tuple[list[tuple[Branch, Branch]], list[Branch], list[Branch]]:
    """Pair the branches of one JSON type: by the $ref they came from, their title, their
    discriminator values, then in order. Any pairing is sound (a branch inside its partner is
    inside the union); a good one keeps the findings few and named for what changed."""
    if len(olds) == 1 and len(news) == 1:
        return [(olds[0], news[0])], [], []
    pairs: list[tuple[Branch, Branch]] = []
    left, right = list(olds), list(news)
    for key in (lambda b: b.ref_name, _title, _tags):
        keys_l = [key(b) for b in left]
        keys_r = [key(b) for b in right]
        for i in range(len(left) - 1, -1, -1):
            k = keys_l[i]
            if k is None or keys_l.count(k) != 1 or keys_r.count(k) != 1:
                continue
            j = keys_r.index(k)
            pairs.append((left[i], right[j]))
            del left[i], keys_l[i], right[j], keys_r[j]
    if len(left) == len(right):
        pairs.extend(zip(left, right))
        left, right = [], []
    pairs.sort(key=lambda pair: olds.index(pair[0]))
    return pairs, left, right


def _title(branch: Branch) -> Any:
    occurrence = branch.flat.annotations.get("title")
    return occurrence.value if occurrence is not None and isinstance(occurrence.value, str) else None


def _tags(branch: Branch) -> Any:
    tags = discriminator_values(branch) if branch.type == "object" else {}
    return tuple(sorted((k, tuple(sorted(map(repr, v)))) for k, v in tags.items())) or None


def _unsure(finding: Finding, why: str) -> Finding:
    if finding.backward == BREAKING and finding.forward == BREAKING:
        return finding
    return replace(finding, backward=BREAKING, forward=BREAKING, message=f"{finding.message} ({why}: assumed breaking)")


def aggregate(findings: list[Finding]) -> tuple[str, str]:
    wire = [f for f in findings if f.kind == WIRE]
    return worst(*(f.backward for f in wire)), worst(*(f.forward for f in wire))


def _type_pointer(flat: Flat) -> str:
    types = flat.get("type")
    return types[0].pointer("type") if types else flat.pointer()


def _enum_pointer(branches: Branches, flat: Flat) -> str:
    for branch in branches.branches:
        if branch.enum_pointer:
            return branch.enum_pointer
    return flat.pointer()


def _types_text(branches: Branches) -> str:
    labels = []
    for branch in branches.branches:
        if branch.label() not in labels:
            labels.append(branch.label())
    return "|".join(labels) or "nothing"


def _unions_text(flat: Flat) -> str:
    return _text([[s.schema for s in subs] for _, subs, _ in flat.unions])


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["Differ", "aggregate", "show", "COMPATIBLE", "WARNING", "BREAKING", "ANNOTATION"]
