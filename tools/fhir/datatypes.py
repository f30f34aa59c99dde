"""R4 data types the resource builders share: codings, quantities, narrative, evidence.

Keeping them here means each R4 rule (a Quantity is coded only with a UCUM code, a
narrative is escaped XHTML in the XHTML namespace, an evidence span is a
derivation-reference extension) is written once.
"""
from __future__ import annotations

import html
from typing import Any, Iterable

from tools.facts.types import UCUM, Coding, Evidence
from tools.fhir.ids import number
from tools.fhir.systems import DERIVATION_REFERENCE, XHTML_NS
from tools.fhir.ucum import ucum_code, unit_display


def coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(system: str, code: str, display: str | None = None, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"coding": [coding(system, code, display)]}
    if text:
        out["text"] = text
    return out


def codeable(codings: Iterable[Coding], text: str | None) -> dict[str, Any]:
    """A CodeableConcept from fact codings, with the words as written kept in ``text``."""
    out: dict[str, Any] = {}
    seen: set[tuple[str, str]] = set()
    items = []
    for c in codings:
        if c.system and c.code and (c.system, c.code) not in seen:
            seen.add((c.system, c.code))
            items.append(coding(c.system, c.code, c.display))
    if items:
        out["coding"] = items
    if text:
        out["text"] = text
    return out


def quantity(
    value: float, unit: str | None, *, written_unit: str | None = None, comparator: str | None = None
) -> dict[str, Any]:
    """A Quantity, UCUM-coded only when the unit really is UCUM; ``unit`` shows the unit as
    written (``written_unit``) or the clinician's spelling of the UCUM code."""
    out: dict[str, Any] = {"value": number(value)}
    if comparator in ("<", "<=", ">=", ">"):
        out["comparator"] = comparator
    code = ucum_code(unit)
    if written_unit or unit:
        out["unit"] = written_unit or unit_display(unit or "")
    if code:
        out["system"] = UCUM
        out["code"] = code
    return out


def days(value: float) -> dict[str, Any]:
    return {"value": number(value), "unit": "d", "system": UCUM, "code": "d"}


def xhtml(*blocks: str) -> str:
    """Wrap already-escaped XHTML fragments in the div R4 narrative requires."""
    return f'<div xmlns="{XHTML_NS}">{"".join(blocks)}</div>'


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def bullet_list(items: Iterable[str]) -> str:
    lis = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f"<ul>{lis}</ul>" if lis else ""


def narrative(text: str) -> dict[str, str]:
    """A one-line generated narrative, so no resource is without human-readable text."""
    return {"status": "generated", "div": xhtml(paragraph(text))}


def derivation_extension(evidence: Evidence, source: dict[str, Any], text_path: str | None) -> dict[str, Any]:
    """The span of the note a resource was extracted from.

    Uses the core extension ``derivation-reference``: ``reference`` to the source,
    ``path`` to the element holding the text when known, ``offset`` and ``length`` in
    characters (der-1: no length without offset).
    """
    parts: list[dict[str, Any]] = [{"url": "reference", "valueReference": source}]
    if text_path:
        parts.append({"url": "path", "valueString": text_path})
    parts.append({"url": "offset", "valueInteger": max(evidence.start, 0)})
    parts.append({"url": "length", "valueInteger": max(evidence.end - evidence.start, 0)})
    return {"url": DERIVATION_REFERENCE, "extension": parts}
