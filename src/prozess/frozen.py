"""A faster constructor for the frozen slotted dataclasses that are made by the hundred thousand.

The ``__init__`` a frozen dataclass gets assigns every field through ``object.__setattr__`` (a global
lookup and a generic call per field). Setting each slot through its own descriptor does the same in
half the time: 2.7 → 1.5 µs for the 16 fields of a ``Node``; a check of the MIWG corpus makes about
130,000 such objects.
"""

from __future__ import annotations

import dataclasses


def fast_init(*classes: type) -> None:
    """Replace the ``__init__`` of frozen dataclasses with slots by one with the same signature and
    defaults that sets the slots directly. Refused (TypeError) for what it does not do: default
    factories, fields outside ``__init__``, keyword-only fields, ``__post_init__``, inherited fields."""
    for cls in classes:
        fields = dataclasses.fields(cls)
        slots = cls.__dict__.get("__slots__", ())
        unsupported = (
            not cls.__dataclass_params__.frozen or hasattr(cls, "__post_init__")
            or any(f.name not in slots or f.default_factory is not dataclasses.MISSING or not f.init or f.kw_only
                   for f in fields)
        )
        if unsupported:
            raise TypeError(f"fast_init: {cls.__name__} is not a plain frozen dataclass with slots")
        namespace: dict[str, object] = {}
        parameters = []
        for f in fields:
            namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
            if f.default is dataclasses.MISSING:
                parameters.append(f.name)
            else:
                namespace[f"_default_{f.name}"] = f.default
                parameters.append(f"{f.name}=_default_{f.name}")
        body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in fields) or "    pass\n"
        exec(f"def __init__(self, {', '.join(parameters)}):\n{body}", namespace)  # noqa: S102 - as dataclasses does
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__module__ = cls.__module__
        init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
        cls.__init__ = init
