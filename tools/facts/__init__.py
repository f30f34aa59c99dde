"""Clinical facts found in a note, before they become FHIR resources.

``extract_facts`` is the entry point; the modules are named for what they find:
``allergies``, ``medications`` (with ``sig`` for dosage parsing), ``conditions``,
``procedures``, ``observations``; ``context`` decides negation, family history,
hypotheticals and certainty; ``text``, ``lexicons``, ``dates`` and ``sections`` are the
shared machinery.

The entry point is imported lazily: ``tools.terminology`` imports ``tools.facts.types``,
and the extractors import ``tools.terminology``, so an eager import here would be circular.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.facts.extract import extract_facts

__all__ = ["extract_facts"]


def __getattr__(name: str) -> Any:
    if name == "extract_facts":
        from tools.facts.extract import extract_facts

        return extract_facts
    raise AttributeError(f"module 'tools.facts' has no attribute {name!r}")
