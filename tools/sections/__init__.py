"""Section detection: which part of a note a span sits in.

Sections matter twice: the IPS Composition is built section by section, and the meaning
of an abbreviation depends on where it is written ("PE" as a header is the physical exam,
in the assessment it is a pulmonary embolism).
"""
from tools.annotations import Section
from tools.sections._detect import detect_sections
from tools.sections._table import CANONICAL, normalise_header

__all__ = ["CANONICAL", "detect_sections", "normalise_header", "section_at"]


def section_at(sections: list[Section], offset: int) -> Section | None:
    """The section containing ``offset`` (``None`` before the first header)."""
    for section in sections:
        if section.start <= offset < max(section.end, section.body_start + 1):
            return section
    return None
