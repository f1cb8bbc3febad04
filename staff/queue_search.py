"""The staff queue's search box: one text, matched as a reference, a phone
number in any format, or part of a name."""

from __future__ import annotations

from sqlalchemy import func, or_

from msrehab.callbacks.store import REFERENCE_ALPHABET, CallbackRequest
from staff.person import normalise_phone


class QueueSearch:
    """What staff typed in the queue's search box: a reference (CB-7K4M or 7K4M),
    a phone number in any format, or part of a name."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.split())[:100]

    def condition(self):
        text = self.text
        reference = text.upper().removeprefix("CB-").removeprefix("CB")
        options = []
        if 1 <= len(reference) <= 4 and all(c in REFERENCE_ALPHABET for c in reference):
            options.append(CallbackRequest.reference == f"CB-{reference}"
                           if len(reference) == 4 else CallbackRequest.reference.like(
                               f"CB-%{reference}%"))
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) >= 7:
            phone = normalise_phone(text)
            if phone:
                options.append(CallbackRequest.phone == phone)
        if not digits:
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            options.append(func.lower(CallbackRequest.name).like(f"%{escaped}%", escape="\\"))
        return or_(*options) if options else CallbackRequest.id.is_(None)
