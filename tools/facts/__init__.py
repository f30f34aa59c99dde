"""Clinical facts found in a note, before they become FHIR resources."""
