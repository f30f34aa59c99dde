"""Extractive section summaries for the IPS narrative when no LLM is configured.

The rules engine does not paraphrase: it restates the section with its abbreviations
expanded and its layout flattened, cut at a sentence boundary. A receiving clinician can
trust every word of it, which matters more in a patient summary than elegance.
"""
from __future__ import annotations

import re

from tools.annotations import Abbreviation, Section

MAX_SUMMARY_CHARS = 600
_SPACE = re.compile(r"[ \t]*\n[ \t\-\u2022*]*|[ \t]{2,}")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


def _expanded(text: str, start: int, end: int, abbreviations: list[Abbreviation]) -> str:
    parts: list[str] = []
    cursor = start
    for abbr in abbreviations:
        if abbr.start < start or abbr.end > end:
            continue
        parts.append(text[cursor : abbr.start])
        parts.append(abbr.expansion)
        cursor = abbr.end
    parts.append(text[cursor:end])
    return "".join(parts)


def summarise_section(text: str, section: Section, abbreviations: list[Abbreviation]) -> str:
    body = _expanded(text, section.body_start, section.end, abbreviations)
    flat = _SPACE.sub("; ", body.strip()).strip("; ")
    flat = re.sub(r":;\s*", ": ", flat)
    if len(flat) <= MAX_SUMMARY_CHARS:
        return flat
    cut = flat[:MAX_SUMMARY_CHARS]
    ends = [m.end() for m in _SENTENCE_END.finditer(cut)]
    return (cut[: ends[-1]] if ends and ends[-1] > MAX_SUMMARY_CHARS // 2 else cut.rsplit(" ", 1)[0]) + " …"
