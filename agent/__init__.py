"""The SoftTiger steps as agent tasks, and the LLM backends behind one small interface."""
