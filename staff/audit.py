"""The audit log: who viewed or changed what, and when (UTC).

Written for every view of a patient's details and every change on the staff
page. It names requests by reference and people only masked, so erasing a
patient leaves nothing of theirs here while the record of the erasure stays.
"""

from __future__ import annotations

from typing import List

from sqlalchemy import Column, DateTime, Integer, String, func, select

from msrehab.callbacks.store import Base, CallbackStore, utcnow


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow)
    username = Column(String(64), nullable=False)
    action = Column(String(40), nullable=False)
    target = Column(String(120))
    detail = Column(String(300))


class AuditLog:
    def __init__(self, store: CallbackStore) -> None:
        self.store = store

    def record(self, username: str, action: str, target: str | None = None,
               detail: str | None = None) -> None:
        with self.store.session() as s:
            s.add(AuditEntry(at=utcnow(), username=username, action=action,
                             target=target[:120] if target else None,
                             detail=detail[:300] if detail else None))
            s.commit()

    def page(self, page: int = 1, per_page: int = 100) -> tuple[List[AuditEntry], int]:
        with self.store.session() as s:
            total = s.execute(select(func.count(AuditEntry.id))).scalar()
            rows = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())
                             .offset((max(1, page) - 1) * per_page).limit(per_page)).scalars()
            return list(rows), total
