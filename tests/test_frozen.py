"""prozess.frozen.fast_init: the same objects as the dataclass constructor makes, in half the time."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from prozess.bpmn.model import Node
from prozess.frozen import fast_init


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    name: str
    line: int | None = None
    kinds: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    name: str
    line: int | None = None
    kinds: tuple[str, ...] = ()


fast_init(Plain)


def test_the_same_objects_signature_and_errors_as_the_dataclass_constructor():
    assert Plain.__init__.__code__.co_filename == "<string>" and "_set_name" in Plain.__init__.__code__.co_names
    assert str(inspect.signature(Plain)) == str(inspect.signature(Reference))
    for args, kwargs in [(("a",), {}), (("a", 3), {}), (("a",), {"kinds": ("x",)}), ((), {"name": "b", "line": 1})]:
        made, reference = Plain(*args, **kwargs), Reference(*args, **kwargs)
        assert dataclasses.astuple(made) == dataclasses.astuple(reference)
        assert repr(made).replace("Plain", "Reference") == repr(reference)
    with pytest.raises(TypeError):
        Plain()  # a required field is missing, as with the dataclass constructor
    with pytest.raises(TypeError):
        Plain("a", unknown=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Plain("a").name = "b"  # still frozen
    assert Plain("a", 1) == Plain("a", 1) and hash(Plain("a", 1)) == hash(Plain("a", 1))


def test_the_model_uses_it_and_keeps_every_default():
    assert Node.__init__.__qualname__ == "Node.__init__" and Node.__init__.__module__ == "prozess.bpmn.model"
    node = Node("t1", "userTask", "Antrag prüfen", 7)
    assert node.documentation == "" and node.lane is None and node.incoming == () and node.extensions.properties == ()


def test_what_it_does_not_do_is_refused():
    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        items: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        name: str

    @dataclasses.dataclass(slots=True)
    class Mutable:
        name: str

    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class KeywordOnly:
        name: str

    for cls in (Factory, NoSlots, Mutable, KeywordOnly):
        with pytest.raises(TypeError, match="not a plain frozen dataclass with slots"):
            fast_init(cls)
