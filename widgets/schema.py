"""The content files' building blocks: field types, the loader, and errors that name the file and the field.

Each table of a content file is one frozen dataclass (see ``widgets/content.py``, and
``widgets/quiz.py`` for the question bank), declared with :data:`table` and the field types below.
:func:`load` validates a whole file and turns the first problem into a :class:`ContentError`
reading ``file: table[i].field: problem``.

The validation engine is written on the standard library alone: the static site runs the same code
in Pyodide, which has no wheel of a compiled validation library, and every page stays light. It
reads each table's type hints: ``Annotated[type, marks...]``, ``tuple[X, ...]``, ``X | None``, nested
tables. A table runs its "before" checks on the raw TOML table, then checks its fields in the order
declared, then fails on unknown keys, then runs its "after" checks (``check(...)``).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import re
import tomllib
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable, Union, get_args, get_origin, get_type_hints

table = dataclass(frozen=True)
"""Declares one TOML table: every field is required unless it has a default; unknown keys fail."""


class ContentError(ValueError):
    """A content file is missing, malformed or incomplete."""

    def __init__(self, file: str, field: str, problem: str):
        self.file, self.field, self.problem = file, field, problem
        super().__init__(f"{file}: {field}: {problem}" if field else f"{file}: {problem}")


class FieldError(ValueError):
    """Raised by a table's own check: ``field`` (below the table) is at fault."""

    def __init__(self, field: str, problem: str):
        super().__init__(problem)
        self.field = field


class _Invalid(Exception):
    """The first problem found, at ``where`` (``.lesson[1].file``); not a ValueError, so no check catches it."""

    def __init__(self, where: str, problem: str):
        super().__init__(where, problem)
        self.where, self.problem = where, problem


@dataclass(frozen=True)
class ValidationInfo:
    """What a check may read besides the value: ``context`` holds what other files gave (or None)."""

    context: dict[str, Any] | None = None


@dataclass(frozen=True)
class Field:
    """A field's TOML key (``alias``) and limits, inside ``Annotated[...]``."""

    alias: str | None = None
    min_length: int | None = None  # of a list
    ge: int | None = None


@dataclass(frozen=True)
class AfterValidator:
    """``func(value[, info])`` runs on the checked value and returns it (or a tidied one); ValueError fails."""

    func: Callable[..., Any]


@dataclass(frozen=True)
class PlainValidator(AfterValidator):
    """``func(value[, info])`` runs on the raw value instead of the type's own check."""


@dataclass(frozen=True)
class _TableCheck:
    mode: str  # "before": func(data[, info]) -> data, on the raw table; "after": func(table) once it is built
    func: Any  # a function, or a classmethod taking the class first


def model_validator(mode: str) -> Callable[[Any], _TableCheck]:
    """Marks a table's own check (``mode`` "before" or "after"), declared in its class."""
    return lambda func: _TableCheck(mode, func)


def _call(func: Any, owner: Any, value: Any, info: ValidationInfo) -> Any:
    """``func(value)``, ``func(value, info)``, or for a classmethod the same with the class first."""
    args = (func.__func__, owner) if isinstance(func, classmethod) else (func,)
    func, args = args[0], (*args[1:], value)
    return func(*args, info) if func.__code__.co_argcount > len(args) else func(*args)


def _at(where: str, field: str) -> str:
    return where + (field if field.startswith("[") else f".{field}")


def _checked(where: str, func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)``; a ValueError it raises is the problem at ``where`` (or at a FieldError's field below it)."""
    try:
        return func(*args)
    except FieldError as error:
        raise _Invalid(_at(where, error.field), str(error)) from None
    except ValueError as error:
        raise _Invalid(where, str(error)) from None


TYPES = {str: "must be non-empty text", bool: "must be true or false", int: "must be a whole number",
         _dt.date: "must be a date such as 2026-01-31"}


def _value(kind: Any, value: Any, where: str, info: ValidationInfo) -> Any:
    """``value`` checked as ``kind`` (no conversions: TOML already typed it); else :class:`_Invalid`."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is Annotated:
        marks = kind.__metadata__
        if plain := next((mark for mark in marks if isinstance(mark, PlainValidator)), None):
            value = _checked(where, _call, plain.func, None, value, info)
        else:
            value = _value(args[0], value, where, info)
        for mark in marks:
            if isinstance(mark, Field) and mark.min_length is not None and len(value) < mark.min_length:
                raise _Invalid(where, "must not be empty")
            if isinstance(mark, Field) and mark.ge is not None and value < mark.ge:
                raise _Invalid(where, f"must be at least {mark.ge}")
            if type(mark) is AfterValidator:
                value = _checked(where, _call, mark.func, None, value, info)
        return value
    if origin in (Union, types.UnionType):  # X | None: None is only ever the default, TOML has no None
        return _value(next(arg for arg in args if arg is not type(None)), value, where, info)
    if origin is tuple:
        if not isinstance(value, (list, tuple)):
            raise _Invalid(where, "must be a list")
        return tuple(_value(args[0], item, f"{where}[{i}]", info) for i, item in enumerate(value))
    if dataclasses.is_dataclass(kind):
        return _table(kind, value, where, info)
    if not isinstance(value, kind) or isinstance(value, bool) is not (kind is bool) or (
            kind is _dt.date and isinstance(value, _dt.datetime)):
        raise _Invalid(where, TYPES[kind])
    return value


@functools.cache
def _fields(kind: type) -> tuple[tuple[dataclasses.Field, Any, str], ...]:
    """Each field of the table ``kind``: the field, its type and its TOML key (its ``key()``, else its name)."""
    hints = get_type_hints(kind, include_extras=True)

    def toml_key(field: dataclasses.Field) -> str:
        marks = getattr(hints[field.name], "__metadata__", ())
        return next((mark.alias for mark in marks if isinstance(mark, Field) and mark.alias), field.name)
    return tuple((field, hints[field.name], toml_key(field)) for field in dataclasses.fields(kind))


def _table(kind: type, data: Any, where: str, info: ValidationInfo) -> Any:
    checks = [c for c in vars(kind).values() if isinstance(c, _TableCheck)]
    for check in (c for c in checks if c.mode == "before"):
        data = _checked(where, _call, check.func, kind, data, info)
    if not isinstance(data, dict):
        raise _Invalid(where, "must be a table")
    values = {}
    for field, hint, name in _fields(kind):
        if name in data:
            values[field.name] = _value(hint, data[name], f"{where}.{name}", info)
        elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            raise _Invalid(f"{where}.{name}", "missing")
    known = {name for _, _, name in _fields(kind)}
    if unknown := [name for name in data if name not in known]:
        raise _Invalid(f"{where}.{unknown[0]}", "unknown field (misspelt?)")
    built = kind(**values)
    for check in (c for c in checks if c.mode == "after"):
        _checked(where, check.func, built)
    return built


@dataclass(frozen=True)
class Range:
    """A whole-number figure that may be a single value (30) or a range (20-30)."""

    low: int
    high: int

    @property
    def is_single(self) -> bool:
        return self.low == self.high

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        return str(self.low) if self.is_single else f"{self.low}\u2013{self.high}"


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _range(value: Any) -> Range:
    if isinstance(value, Range):
        return value
    low, high = value if isinstance(value, list) and len(value) == 2 else (value, value)
    if not isinstance(value, list) and not _whole(value):
        raise ValueError("must be a whole number or a list of two whole numbers")
    if not (_whole(low) and _whole(high)):
        raise ValueError("must contain whole numbers only")
    if min(low, high) < 1:
        raise ValueError("must be at least 1")
    if low > high:
        raise ValueError(f"the low end {low} is above the high end {high}")
    return Range(low, high)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("must be a number")
    return float(value)


def _text(text: str) -> str:
    if not (text := text.strip()):
        raise ValueError("must be non-empty text")
    return text


def _slug(text: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9-]*", text):
        raise ValueError("must be lower-case letters, digits and dashes")
    return text


def _no_placeholder(text: str) -> str:
    if "{" in text:
        raise ValueError("has a {placeholder} but no figures to fill it from")
    return text


def _known_sources(ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    known = (info.context or {}).get("sources")
    for source_id in ids if known is not None else ():
        if source_id not in known:
            raise ValueError(f"cites unknown source {source_id!r}")
    return ids


def _picture(name: str, info: ValidationInfo) -> str:
    images = (info.context or {}).get("images")
    if images is not None and not (images / name).is_file():
        raise ValueError(f"no picture assets/img/{name}")
    return name


Text = Annotated[str, AfterValidator(_text)]  # stripped, not empty
Plain = Annotated[Text, AfterValidator(_no_placeholder)]  # text whose {placeholders} are all filled
Slug = Annotated[Text, AfterValidator(_slug)]  # a stable id: "first-response"
Texts = Annotated[tuple[Text, ...], Field(min_length=1)]
Count = Annotated[int, Field(ge=1)]
Number = Annotated[float, PlainValidator(_number)]  # 2.5 or 30, as a float
Flag = bool
Date = _dt.date  # a TOML date, not a date and time
Span = Annotated[Range, PlainValidator(_range)]  # 20 or [20, 30]
Cites = Annotated[tuple[Text, ...], AfterValidator(_known_sources)]  # source ids, maybe none
Cited = Annotated[tuple[Text, ...], Field(min_length=1), AfterValidator(_known_sources)]  # at least one
Picture = Annotated[Text, AfterValidator(_picture)]  # a file in assets/img


def check(field: str, problem: str, ok: Callable[[Any], bool]) -> Any:
    """A table's own check, declared in its class: ``ok(table)`` must hold, else ``field`` is at fault.

    ``problem`` may quote the table's values as ``{t.name}``.
    """
    def run(self: Any) -> Any:
        if not ok(self):
            raise FieldError(field, problem.format(t=self))
        return self
    return model_validator(mode="after")(run)


def choice(*options: str) -> Any:
    """Text that must be one of ``options``."""
    def check(value: str) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)} (got {value!r})")
        return value
    return Annotated[Text, AfterValidator(check)]


def key(name: str, empty: bool = False) -> Any:
    """The TOML key of a list of tables (``[[red_flag]]``), which must not be empty unless ``empty``."""
    return Field(alias=name, min_length=0 if empty else 1)


def read_data(path: Path) -> dict[str, Any]:
    """Parse one TOML file, or raise :class:`ContentError`."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(path.name, "", "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(path.name, "", f"not valid TOML ({error})") from None


def load(kind: type, path: Path, context: dict[str, Any] | None = None) -> Any:
    """Read ``path`` as one ``kind`` (a :data:`table`); cross-file checks read ``context``."""
    try:
        return _table(kind, read_data(path), "", ValidationInfo(context))
    except _Invalid as error:
        raise ContentError(path.name, error.where.lstrip("."), error.problem) from None

