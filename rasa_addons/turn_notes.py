"""A list of notes per chat turn: a component deep inside Rasa (the tracker
store, an NLU component) adds to it, and the message guard, which opened it,
reads it once the turn is handled. Everything Rasa does for a message runs in
that turn's task, so a ContextVar reaches it without passing anything through
Rasa's own calls; outside a turn (training, the evaluation) nothing is kept."""

from __future__ import annotations

from contextvars import ContextVar
from typing import List


class TurnNotes:
    def __init__(self, name: str) -> None:
        self._notes: ContextVar[List[str] | None] = ContextVar(name, default=None)

    def start(self) -> List[str]:
        """Called by the message guard before a message is handled: the list
        this turn's notes are added to."""
        notes: List[str] = []
        self._notes.set(notes)
        return notes

    def add(self, note: str) -> None:
        notes = self._notes.get()
        if notes is not None:
            notes.append(note)
