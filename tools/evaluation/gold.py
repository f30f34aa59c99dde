"""Loading gold-annotated notes."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path


class GoldFormatError(ValueError):
    """A gold file does not follow the documented format."""


@dataclass(frozen=True)
class GoldNote:
    id: str
    path: Path
    document_date: date
    kind: str
    text: str
    gold: dict


def load_gold_notes(paths: list[Path]) -> list[GoldNote]:
    """Every ``*.json`` gold note under the given files or directories, sorted by path."""
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    notes = []
    for file in sorted(files):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            notes.append(
                GoldNote(
                    id=data["id"],
                    path=file,
                    document_date=date.fromisoformat(data["document_date"]),
                    kind=data.get("kind", ""),
                    text=data["text"],
                    gold=data["gold"],
                )
            )
        except (KeyError, ValueError) as exc:
            raise GoldFormatError(f"{file}: {exc}") from exc
    return notes
