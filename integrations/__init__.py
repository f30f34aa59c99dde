"""Everything that talks over a network or a process boundary: FHIR server, Redis, Celery,
the HTTP API, the command line and the local HAPI server project."""
