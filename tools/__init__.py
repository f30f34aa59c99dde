"""Deterministic, offline building blocks of TigerBridge's clinical language engine.

Nothing in this package opens a socket: it must run the same on a laptop, in a Celery
worker and inside the test suite, and its accuracy is the floor of the whole product.
"""
