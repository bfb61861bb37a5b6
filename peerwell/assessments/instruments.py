"""Instruments as data: each definition file in `instruments/` (one JSON file per
instrument) gives the items, the answer scale, the scoring rule and range, thresholds,
reporting bands and languages. Adding an instrument is adding a file, not code.

A wrong definition stops the app at the first use with an `InstrumentError` naming the
file and the field, rather than scoring anyone's answers by a broken rule."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFINITIONS = Path(__file__).parent / "instruments"
# The scoring rules `scoring.py` knows.
RULES = frozenset({"sum"})
REQUIRED = ("code", "name", "title", "version", "citation", "languages", "scale", "items")


class InstrumentError(ValueError):
    """A definition file that cannot be used, with the file and field it is about."""

    def __init__(self, path: Path, field: str, problem: str):
        super().__init__(f"{path.name}: {field}: {problem}")
        self.path, self.field, self.problem = path, field, problem


@dataclass(frozen=True)
class Item:
    id: str
    text: str


@dataclass(frozen=True)
class Choice:
    value: int
    label: str


@dataclass(frozen=True)
class Threshold:
    at_least: int
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str
    version: str
    citation: str
    instructions: str
    languages: tuple[str, ...]
    scale: tuple[Choice, ...]
    items: tuple[Item, ...]
    rule: str
    minimum: int
    maximum: int
    thresholds: tuple[Threshold, ...]
    bands: tuple[tuple[int, int], ...]

    @property
    def values(self) -> frozenset[int]:
        return frozenset(choice.value for choice in self.scale)

    @property
    def threshold(self) -> Threshold | None:
        """The first threshold (the BARC-10 has one: 47)."""
        return self.thresholds[0] if self.thresholds else None

    def label_for(self, value) -> str:
        return next((c.label for c in self.scale if c.value == value), "")

    def speaks(self, language: str) -> bool:
        return language.split("-")[0] in self.languages


def _need(data: dict, key: str, kind, path: Path):
    if key not in data:
        raise InstrumentError(path, key, "missing")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise InstrumentError(path, key, f"must be {getattr(kind, '__name__', kind)}")
    return value


def _scale(data: dict, path: Path) -> tuple[Choice, ...]:
    entries = _need(data, "scale", list, path)
    if len(entries) < 2:
        raise InstrumentError(path, "scale", "needs at least two answers")
    scale = []
    for n, entry in enumerate(entries):
        where = f"scale[{n}]"
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(value, int) or isinstance(value, bool):
            raise InstrumentError(path, f"{where}.value", "must be a whole number")
        if not isinstance(entry.get("label"), str) or not entry["label"].strip():
            raise InstrumentError(path, f"{where}.label", "missing")
        scale.append(Choice(value, entry["label"]))
    if len({c.value for c in scale}) != len(scale):
        raise InstrumentError(path, "scale", "two answers have the same value")
    return tuple(scale)


def _items(data: dict, path: Path) -> tuple[Item, ...]:
    entries = _need(data, "items", list, path)
    if not entries:
        raise InstrumentError(path, "items", "needs at least one item")
    items = []
    for n, entry in enumerate(entries):
        where = f"items[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise InstrumentError(path, f"{where}.id", "missing")
        if not isinstance(entry.get("text"), str) or not entry["text"].strip():
            raise InstrumentError(path, f"{where}.text", "missing")
        items.append(Item(entry["id"], entry["text"]))
    ids = [item.id for item in items]
    if len(set(ids)) != len(ids):
        raise InstrumentError(path, "items", "two items have the same id")
    return tuple(items)


def parse(data, path: Path) -> Instrument:
    """The instrument a definition describes, checked field by field."""
    if not isinstance(data, dict):
        raise InstrumentError(path, "(file)", "must be a JSON object")
    for key in REQUIRED:
        _need(data, key, (list if key in {"languages", "scale", "items"} else str), path)
    scale, items = _scale(data, path), _items(data, path)
    scoring = _need(data, "scoring", dict, path)
    rule = scoring.get("rule")
    if rule not in RULES:
        raise InstrumentError(path, "scoring.rule", f"unknown rule {rule!r}")
    low, high = scoring.get("min"), scoring.get("max")
    # A sum runs from every item at its lowest to every item at its highest.
    expected = (len(items) * min(c.value for c in scale), len(items) * max(c.value for c in scale))
    if (low, high) != expected:
        raise InstrumentError(path, "scoring.min/max", f"a sum of these items runs {expected}")
    thresholds = []
    for n, entry in enumerate(data.get("thresholds", [])):
        at_least = entry.get("at_least") if isinstance(entry, dict) else None
        if not isinstance(at_least, int) or not low <= at_least <= high:
            raise InstrumentError(path, f"thresholds[{n}].at_least", "outside the score range")
        thresholds.append(Threshold(at_least, str(entry.get("label", ""))))
    bands = tuple((b.get("from"), b.get("to")) for b in data.get("bands", []))
    if bands and (
        bands[0][0] != low
        or bands[-1][1] != high
        or any(a[1] + 1 != b[0] for a, b in zip(bands, bands[1:], strict=False))
    ):
        raise InstrumentError(path, "bands", "must cover the score range without gaps")
    languages = tuple(data["languages"])
    if "en" not in languages:
        raise InstrumentError(path, "languages", "must include en")
    return Instrument(
        code=data["code"],
        name=data["name"],
        title=data["title"],
        version=data["version"],
        citation=data["citation"],
        instructions=data.get("instructions", ""),
        languages=languages,
        scale=scale,
        items=items,
        rule=rule,
        minimum=low,
        maximum=high,
        thresholds=tuple(thresholds),
        bands=bands or ((low, high),),
    )


def load(path: Path) -> Instrument:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise InstrumentError(Path(path), "(file)", f"not valid JSON ({error})") from None
    instrument = parse(data, Path(path))
    if instrument.code != Path(path).stem:
        raise InstrumentError(Path(path), "code", "must match the file name")
    return instrument


@cache
def instruments() -> dict[str, Instrument]:
    """Every shipped instrument, by code, in file-name order."""
    return {i.code: i for i in (load(p) for p in sorted(DEFINITIONS.glob("*.json")))}


def get(code: str) -> Instrument | None:
    return instruments().get(code)


def choices() -> list[tuple[str, str]]:
    return [(i.code, f"{i.name} ({i.title})") for i in instruments().values()]
