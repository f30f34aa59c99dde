"""Readers for the public sense inventories shipped in ``data/`` (see ``data/SOURCES.md``).

Each file has its own quirks; every reader yields the same record so that the merge step
never needs to know where a sense came from beyond the source name.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"

#: Stetson's pseudo-senses say "this token is not an abbreviation here".
_PSEUDO_SENSES = frozenset({"not an abbreviation", "not an acronym", "physician initials", "physician's initials"})
#: The only Columbia abbreviations that contain spaces (the file has no other delimiter).
_COLUMBIA_MULTIWORD = ("DiDi twins", "MCA dopplers", "Mono-Di twins", "M TX", "PEC w SF")
_VARIATION = re.compile(r"^(?P<form>.+)_(?P<count>\d+)$")


@dataclass(frozen=True)
class SenseRecord:
    """One (abbreviation, sense) pair from one inventory.

    ``key`` is the lower-cased abbreviation; ``forms`` maps the surface spellings the
    source observed to their counts (empty when it does not say); ``sense`` is ``""`` for
    a pseudo-sense meaning "not an abbreviation".
    """

    source: str
    key: str
    sense: str
    share: float
    forms: dict[str, int]


def _clean_sense(sense: str) -> str:
    sense = sense.replace("\u2013", "-").replace("\u2014", "-").strip().strip('"').strip()
    return "" if sense.lower() in _PSEUDO_SENSES else " ".join(sense.lower().split())


def _variations(field: str) -> dict[str, int]:
    forms: dict[str, int] = {}
    for item in field.split("|"):
        match = _VARIATION.match(item.strip())
        if match:
            form = match.group("form").rstrip(".")
            forms[form] = forms.get(form, 0) + int(match.group("count"))
    return forms


def read_vanderbilt(name: str) -> Iterator[SenseRecord]:
    """Vanderbilt TSVs write "/" as "_" in the key; the variation column keeps the real spelling."""
    with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quotechar='"')
        next(rows)
        for abbreviation, sense, variation, _cui, share in rows:
            yield SenseRecord(
                name, abbreviation.replace("_", "/").lower(), _clean_sense(sense), float(share), _variations(variation)
            )


def read_stetson() -> Iterator[SenseRecord]:
    with open(DATA / "stetson.tsv", encoding="utf-8") as handle:
        for line in handle:
            abbreviation, sense, share = line.rstrip("\n").split("\t")
            yield SenseRecord("stetson", abbreviation.lower(), _clean_sense(sense), float(share), {})


def read_columbia() -> Iterator[SenseRecord]:
    """Split on the first space, except for the few abbreviations that contain spaces."""
    text = (DATA / "columbia_obgyn.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        abbreviation = next((m for m in _COLUMBIA_MULTIWORD if line.startswith(m + " ")), line.split(" ", 1)[0])
        sense = line[len(abbreviation):]
        yield SenseRecord("columbia", abbreviation.lower(), _clean_sense(sense), 1.0, {abbreviation: 1})


def read_wikipedia() -> Iterator[SenseRecord]:
    """Not properly quoted CSV: split each line on its first comma only."""
    with open(DATA / "wikipedia.csv", encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            abbreviation, _, sense = line.rstrip("\n").partition(",")
            sense = re.split(r"\. |; |, that is|, as in | or #", re.sub(r"\([^)]*\)", "", sense))[0]
            if abbreviation and sense:
                yield SenseRecord("wikipedia", abbreviation.lower(), _clean_sense(sense), 1.0, {abbreviation: 1})


def read_all() -> Iterator[SenseRecord]:
    yield from read_vanderbilt("vanderbilt_clinic")
    yield from read_vanderbilt("vanderbilt_discharge")
    yield from read_stetson()
    yield from read_columbia()
    yield from read_wikipedia()
