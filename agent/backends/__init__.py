"""LLM backends for the SoftTiger steps, behind one protocol (``base.StepBackend``)."""
