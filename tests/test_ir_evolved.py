"""``ir.nodes.evolved``, the IR builder's cheaper ``dataclasses.replace``: it copies a node's
``__dict__``, which is the same only while no IR node has a ``__post_init__``, slots or a cached
attribute. These tests hold every node class to that, and the copies to ``replace``'s."""

from __future__ import annotations

import dataclasses
import functools
import inspect

import pytest

from schemasmith.ir import nodes
from schemasmith.ir.nodes import NULL, Checks, Field, PrimitiveType, evolved

NODE_CLASSES = [obj for _, obj in inspect.getmembers(nodes, inspect.isclass)
                if dataclasses.is_dataclass(obj) and obj.__module__ == nodes.__name__]


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_every_node_class_is_copied_whole_by_its_dict(cls: type) -> None:
    assert not hasattr(cls, "__post_init__")
    assert "__slots__" not in vars(cls)
    assert not [name for name, value in vars(cls).items() if isinstance(value, functools.cached_property)]


def test_evolved_makes_what_replace_makes() -> None:
    field = Field("a", True, False, NULL, "/properties/a", description="A.")
    for changes in ({"names": (("python", "a"),)}, {"required": False, "title": "T"}, {}):
        copy = evolved(field, **changes)
        assert copy == dataclasses.replace(field, **changes) and copy is not field
        assert type(copy) is Field
    checks = Checks()
    assert evolved(checks, rule=3) == dataclasses.replace(checks, rule=3)
    string = PrimitiveType("string")
    assert evolved(string, checks=Checks(rule=1)) == dataclasses.replace(string, checks=Checks(rule=1))
    assert string.checks != Checks(rule=1)  # the original is untouched


def test_evolved_refuses_a_name_that_is_not_a_field() -> None:
    with pytest.raises(TypeError, match="no field"):
        evolved(Field("a", True, False, NULL, "/a"), nmes=())
