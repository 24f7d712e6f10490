"""Reading TOML content files with error messages that name the file and the field.

A :class:`Table` wraps one TOML table and remembers where it came from, so a
missing key, a wrong type or a misspelt key fails with ``file: field: problem``.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable


class ContentError(ValueError):
    """A content file is missing, malformed or incomplete."""

    def __init__(self, file: str, field: str, problem: str):
        self.file = file
        self.field = field
        self.problem = problem
        where = f"{file}: {field}" if field else file
        super().__init__(f"{where}: {problem}")


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


def read_toml(path: Path) -> "Table":
    """Parse one TOML file into a :class:`Table`, or raise :class:`ContentError`."""
    name = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(name, "", "file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ContentError(name, "", f"not valid TOML ({error})") from None
    return Table(data, name, "")


class Table:
    """One TOML table; typed accessors check values and track which keys were read."""

    def __init__(self, data: dict[str, Any], file: str, path: str):
        self._data = data
        self.file = file
        self.path = path
        self._read: set[str] = set()

    def _field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> ContentError:
        return ContentError(self.file, self._field(key), problem)

    def _get(self, key: str, required: bool = True) -> Any:
        self._read.add(key)
        if key not in self._data:
            if required:
                raise self.error(key, "missing")
            return None
        return self._data[key]

    def has(self, key: str) -> bool:
        return key in self._data

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be non-empty text")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        if key not in self._data:
            self._read.add(key)
            return None
        return self.text(key)

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self._get(key, required=default is None)
        if value is None:
            return bool(default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, "must be a whole number")
        if value < minimum:
            raise self.error(key, f"must be at least {minimum}")
        return value

    def range(self, key: str, minimum: int = 1) -> Range:
        """A single whole number or a two-item list [low, high] with low <= high."""
        value = self._get(key)
        if isinstance(value, list) and len(value) == 2:
            low, high = value
        elif isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        else:
            raise self.error(key, "must be a whole number or a list of two whole numbers")
        for item in (low, high):
            if isinstance(item, bool) or not isinstance(item, int):
                raise self.error(key, "must contain whole numbers only")
            if item < minimum:
                raise self.error(key, f"must be at least {minimum}")
        if low > high:
            raise self.error(key, f"the low end {low} is above the high end {high}")
        return Range(low, high)

    def optional_range(self, key: str, minimum: int = 1) -> Range | None:
        if key not in self._data:
            self._read.add(key)
            return None
        return self.range(key, minimum)

    def date(self, key: str) -> _dt.date:
        value = self._get(key)
        if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
            raise self.error(key, "must be a date such as 2026-01-31")
        return value

    def text_list(self, key: str, allow_empty: bool = False) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self.error(key, "must be a list of text")
        if not value and not allow_empty:
            raise self.error(key, "must not be empty")
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{index}]", "must be non-empty text")
        return tuple(item.strip() for item in value)

    def choice(self, key: str, options: Iterable[str]) -> str:
        options = tuple(options)
        value = self.text(key)
        if value not in options:
            raise self.error(key, f"must be one of {', '.join(options)} (got {value!r})")
        return value

    def table(self, key: str) -> "Table":
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.error(key, "must be a table")
        return Table(value, self.file, self._field(key))

    def tables(self, key: str, allow_empty: bool = False) -> list["Table"]:
        value = self._get(key, required=not allow_empty)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, "must be a list of tables")
        if not value and not allow_empty:
            raise self.error(key, "must not be empty")
        return [Table(item, self.file, f"{self._field(key)}[{i}]") for i, item in enumerate(value)]

    def done(self) -> None:
        """Fail on keys nobody read: a misspelt key must not be silently ignored."""
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.error(unknown[0], "unknown field (misspelt?)")
