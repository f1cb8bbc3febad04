"""The chat channels the Rasa server listens on (credentials.yml), and what
every message goes through before it reaches the model."""
