"""The staff page: a small Sanic server beside the assistant (python -m staff.web)."""
