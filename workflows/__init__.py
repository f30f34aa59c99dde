"""LangGraph graphs that run one note through the SoftTiger steps."""
