"""Callback requests: validating, storing and notifying staff."""
