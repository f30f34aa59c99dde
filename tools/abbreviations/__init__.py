"""Clinical abbreviation expansion, the first SoftTiger task, done by rules.

Senses come from public inventories (``data/SOURCES.md``) behind a curated list of our
own; the context of each occurrence (neighbouring words, section, note kind) chooses
among them.
"""
from tools.abbreviations._expand import expand_abbreviations

__all__ = ["expand_abbreviations"]
