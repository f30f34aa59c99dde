"""Scoring the engine against gold-annotated notes (format: shared/data/dev_notes/README.md).

Facts are scored on the FHIR Bundle the workflow would write, not on intermediate
structures: what users receive is what is measured.
"""
