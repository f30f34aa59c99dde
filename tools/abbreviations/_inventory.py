"""The merged sense inventory: our curated senses first, the public inventories behind them.

Loaded once per process (``inventory()`` is cached) because parsing ~6,500 records costs
tens of milliseconds, far more than expanding one note.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from tools.abbreviations._sources import DATA, read_all

#: How much each public inventory is trusted when no context decides.  Wikipedia lists
#: senses without frequencies, so each of its senses gets an equal, small share.
_SOURCE_WEIGHT = {
    "vanderbilt_clinic": 1.0,
    "vanderbilt_discharge": 1.0,
    "stetson": 1.0,
    "columbia": 0.6,
    "wikipedia": 0.3,
}
#: Note-kind words that make one inventory's frequencies more representative.
_KIND_BOOST = {
    "vanderbilt_discharge": ({"discharge", "inpatient", "admission", "hospital", "progress"}, 1.5),
    "vanderbilt_clinic": ({"clinic", "outpatient", "office", "consult", "consultation", "visit"}, 1.5),
    "columbia": ({"ob", "obstetric", "obstetrics", "gyn", "gynecology", "prenatal", "labor", "postpartum"}, 4.0),
}
CUE_WEIGHTS = {"b": 3.0, "a": 3.0, "w": 2.0, "s": 2.5, "k": 2.5, "d": 1.5, "h": 6.0, "l": 3.0}


@dataclass(frozen=True)
class Cue:
    kind: str
    value: str


@dataclass(frozen=True)
class Sense:
    """One meaning of an abbreviation; ``expansion == ""`` means "not an abbreviation here"."""

    expansion: str
    log_prior: float
    cues: tuple[Cue, ...] = ()


@dataclass(frozen=True)
class PublicEntry:
    """Senses of one key in the public inventories, kept per source so note kind can reweigh them."""

    shares: tuple[tuple[str, str, float], ...]
    lowercase_seen: bool


@dataclass(frozen=True)
class Inventory:
    exact: dict[str, tuple[Sense, ...]]
    folded: dict[str, tuple[Sense, ...]]
    public: dict[str, PublicEntry]
    english: frozenset[str]
    multiword: re.Pattern[str]


def _parse_cues(field: str) -> tuple[Cue, ...]:
    cues = []
    for item in field.split():
        kind, _, value = item.partition(":")
        if kind not in CUE_WEIGHTS:
            raise ValueError(f"unknown cue {item!r} in curated.tsv")
        cues.append(Cue(kind, value.replace("_", " ") if kind == "s" else value))
    return tuple(cues)


def _read_curated() -> tuple[dict[str, tuple[Sense, ...]], dict[str, tuple[Sense, ...]]]:
    exact: dict[str, list[Sense]] = defaultdict(list)
    folded: dict[str, list[Sense]] = defaultdict(list)
    for line in (DATA / "curated.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        abbreviation, expansion, prior = fields[0], fields[1], float(fields[2])
        cues = _parse_cues(fields[3]) if len(fields) > 3 else ()
        sense = Sense("" if expansion == "-" else expansion, math.log(prior), cues)
        if abbreviation.startswith("="):
            exact[abbreviation[1:]].append(sense)
        else:
            folded[abbreviation.lower()].append(sense)
    return {k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in folded.items()}


def _read_public() -> dict[str, PublicEntry]:
    shares: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    lowercase: set[str] = set()
    wikipedia_counts: dict[str, int] = defaultdict(int)
    records = list(read_all())
    for record in records:
        if record.source == "wikipedia":
            wikipedia_counts[record.key] += 1
    for record in records:
        share = 1.0 / wikipedia_counts[record.key] if record.source == "wikipedia" else record.share
        shares[record.key].append((record.source, record.sense, share))
        if any(form.islower() for form in record.forms):
            lowercase.add(record.key)
    return {key: PublicEntry(tuple(values), key in lowercase) for key, values in shares.items()}


def _read_english() -> frozenset[str]:
    words = set()
    for line in (DATA / "english.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


#: What the note tokeniser can return as one token (letters and digits joined by "/&.'-").
_ONE_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9]|[/&.'-](?=[a-z0-9]))*/?")


def _is_phrase(key: str) -> bool:
    """Keys the tokeniser never yields whole ("E. coli", "D+/R-", "Lp(a)", "I:E") are phrases."""
    return not key.startswith("%") and not _ONE_TOKEN.fullmatch(key)


@lru_cache(maxsize=1)
def inventory() -> Inventory:
    exact, folded = _read_curated()
    phrases = sorted((key for key in folded if _is_phrase(key)), key=len, reverse=True)
    multiword = re.compile(
        r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, phrases)) + r")(?![A-Za-z0-9])", re.IGNORECASE
    )
    return Inventory(exact, folded, _read_public(), _read_english(), multiword)


@lru_cache(maxsize=64)
def _source_weights(kind_words: frozenset[str]) -> dict[str, float]:
    weights = dict(_SOURCE_WEIGHT)
    for source, (words, boost) in _KIND_BOOST.items():
        if kind_words & words:
            weights[source] *= boost
    return weights


def public_sense(entry: PublicEntry, kind_words: frozenset[str]) -> str:
    """The public inventories' most frequent sense, weighted for the note kind ("" = none)."""
    weights = _source_weights(kind_words)
    totals: dict[str, float] = defaultdict(float)
    for source, sense, share in entry.shares:
        totals[sense] += share * weights[source]
    return max(totals.items(), key=lambda item: (item[1], item[0]))[0]
