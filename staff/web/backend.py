"""The callback database behind the staff page, opened on first use."""

from __future__ import annotations

from msrehab.callbacks.store import CallbackStore
from staff.accounts import Accounts
from staff.audit import AuditLog
from staff.web.settings import Settings


class Backend:
    """The callback database, opened (and migrated) on first use: the page starts,
    and says so, while the database is down, and recovers when it is back."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = self.accounts = self.audit = None

    def open(self) -> None:
        if self.store is None:
            store = CallbackStore(self.settings.callbacks_url)  # migrates the schema
            self.accounts = Accounts(store, idle=self.settings.idle)
            self.audit = AuditLog(store)
            self.store = store


class OpenedLater:
    """Stands for one of the backend's objects in the views; every request opens
    the backend before a view runs."""

    def __init__(self, backend: Backend, name: str) -> None:
        self._backend, self._name = backend, name

    def __getattr__(self, attribute: str):
        return getattr(getattr(self._backend, self._name), attribute)
