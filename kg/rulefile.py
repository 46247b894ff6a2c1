"""Reading a rule file of `ontology/` and checking it against a typed frozen record.

`build(Record, data, where)` turns a YAML mapping into a dataclass: an unknown option, a
missing one, a value of the wrong type, or YAML's unquoted `on` read as true is a RuleError
naming the file, the entry and what is wrong. Files are read once per process and folder."""

from __future__ import annotations

import types
from dataclasses import MISSING, fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

import yaml

from kg.errors import RuleError
from kg.paths import ontology_dir

T = TypeVar("T")
# libyaml's loader (in PyYAML's wheels) reads the actor dictionary ~6x faster than the pure
# Python one, which every command that parses or resolves would otherwise pay
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOOL_WORDS = "YAML reads unquoted on/off/yes/no as booleans; quote the word"


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)


@cache
def _read(path: Path) -> Any:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleError(f"{path} is missing; set KG_ONTOLOGY to kg's ontology/ folder") from exc
    except yaml.YAMLError as exc:
        first = str(exc).replace("\n", " ")[:200]
        raise RuleError(f"{path} is not valid YAML: {first}") from exc


def read_yaml(name: str) -> tuple[Path, Any]:
    """(path, parsed content) of `ontology/<name>`, read once per process and folder."""
    path = ontology_dir() / name
    return path, _read(path)


def fail(where: str, problem: str) -> RuleError:
    return RuleError(f"{where}: {problem}")


def convert(tp: Any, value: Any, where: str) -> Any:
    """`value` as type `tp` (str, bool, float, int, tuple/frozenset of X, dict of str to X,
    a rule dataclass, or X | None), or a RuleError saying what is wrong where."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return convert(next(a for a in args if a is not type(None)), value, where)
    if is_dataclass(tp):
        return build(tp, value, where)
    if origin in (tuple, frozenset):
        items = [] if value is None else value
        if not isinstance(items, list):
            raise fail(where, f"expected a list, got {shown(value)}")
        out = [convert(args[0], v, f"{where}[{i}]") for i, v in enumerate(items)]
        return origin(out)
    if origin is dict:
        if not isinstance(value, dict):
            raise fail(where, f"expected a mapping, got {shown(value)}")
        return {
            convert(args[0], k, f"{where} key {k!r}"): convert(args[1], v, f"{where}.{k}")
            for k, v in value.items()
        }
    return _scalar(tp, value, where)


def _scalar(tp: Any, value: Any, where: str) -> Any:
    if tp is Any:
        return value
    if tp is str:
        if isinstance(value, bool):
            raise fail(where, f"got {str(value).lower()}, not a word: {_BOOL_WORDS}")
        if not isinstance(value, str | int) or isinstance(value, float):
            raise fail(where, f"expected text, got {shown(value)}")
        return str(value)
    if tp is bool:
        if not isinstance(value, bool):
            raise fail(where, f"expected true or false, got {shown(value)}")
        return value
    if tp in (float, int):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, f"expected a number, got {shown(value)}")
        return tp(value)
    raise TypeError(f"no rule conversion for {tp!r}")  # a bug in a rule dataclass, not a user error


def shown(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


@cache  # a rule file builds hundreds of records of a few classes
def _type_hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def build(cls: type[T], data: Any, where: str) -> T:
    """A rule dataclass from a YAML mapping: unknown and missing options are errors."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise fail(where, f"expected a mapping of options, got {shown(data)}")
    hints = _type_hints(cls)
    known = {f.name: f for f in fields(cls) if f.init}  # type: ignore[arg-type]
    for key in data:
        if isinstance(key, bool):
            raise fail(where, f"option {str(key).lower()} is not a name: {_BOOL_WORDS}")
        if key not in known:
            raise fail(where, f"unknown option {key!r}; known: {', '.join(sorted(known))}")
    missing = [
        n for n, f in known.items()
        if n not in data and f.default is MISSING and f.default_factory is MISSING
    ]  # fmt: skip
    if missing:
        raise fail(where, f"option {missing[0]!r} is required")
    return cls(**{k: convert(hints[k], v, f"{where}.{k}") for k, v in data.items()})


def top(path: Path, data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise RuleError(f"{path}: expected a {kind.__name__} at the top, got {shown(data)}")
    return data
