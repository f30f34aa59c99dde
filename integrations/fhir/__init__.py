"""The FHIR server client: fhirclient for reads and searches, plain HTTP for the operations
fhirclient cannot express (transactions, ``$validate``, conditional headers)."""
