"""Loaded by the Rasa server (`rasa run`): chat channels, the tracker store,
conversation masking and the NLU components."""
