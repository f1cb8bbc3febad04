"""Finding, erasing and exporting everything held about one patient, in both
stores: callback requests (msrehab.callbacks.store) and conversations
(staff.conversations). Used by msrehab-staff delete / erase / export-person.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List

from msrehab.callbacks.store import CallbackRequest, CallbackStore
from staff.conversations import ConversationStore, sender_of
from staff.person import Person

REQUEST_FIELDS = ["reference", "created_at", "status", "name", "phone", "email",
                  "preferred_time", "reason", "consent_at", "closed_at", "notified"]


@dataclass
class Holdings:
    """What is held about one person."""
    requests: List[CallbackRequest] = field(default_factory=list)
    conversations: List[str] = field(default_factory=list)  # sender ids


def find(person: Person, requests: CallbackStore, conversations: ConversationStore) -> Holdings:
    rows = requests.holding(person.phone, person.email)
    # a request's own conversation is masked, so it is found through the request
    senders = set(conversations.senders_holding(person))
    senders.update(sender_of(r.submission_key) for r in rows)
    return Holdings(rows, sorted(senders))


def erase(held: Holdings, requests: CallbackStore,
          conversations: ConversationStore) -> Dict[str, int]:
    for row in held.requests:
        requests.delete(row.reference)
    events = conversations.delete(held.conversations)
    return {"requests": len(held.requests), "conversations": len(held.conversations),
            "events": events}


def delete_request(reference: str, requests: CallbackStore,
                   conversations: ConversationStore) -> Dict[str, int] | None:
    """Erases one request, the conversation it came from, and any other
    conversation that holds its phone number or address."""
    row = requests.get(reference)
    if not row:
        return None
    person = Person(row.phone, (row.email or "").lower() or None)
    senders = {sender_of(row.submission_key)}
    if person.phone or person.email:
        senders.update(conversations.senders_holding(person))
    return erase(Holdings([row], sorted(senders)), requests, conversations)


def _value(value: Any) -> Any:
    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value


def export(person: Person, held: Holdings, conversations: ConversationStore,
           requests: CallbackStore) -> Dict[str, Any]:
    """Everything held, as one document (times in UTC)."""
    return {
        "searched_for": {"phone": person.phone, "email": person.email},
        "exported_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "callback_requests": [
            {**{f: _value(getattr(r, f)) for f in REQUEST_FIELDS},
             "call_attempts": [{"time": _value(a.at), "outcome": a.outcome, "note": a.note}
                               for a in requests.attempts(r.id)]}
            for r in held.requests],
        "conversations": [{"conversation_id": s, "messages": conversations.transcript(s)}
                          for s in held.conversations],
    }


def write_export(document: Dict[str, Any], path: str) -> None:
    """JSON, or CSV (one row per request field or message) when the name ends .csv."""
    if not path.lower().endswith(".csv"):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2, ensure_ascii=False)
        return
    with open(path, "w", newline="", encoding="utf-8") as f:
        write_rows(document, csv.writer(f))


def write_rows(document: Dict[str, Any], writer) -> None:
    """The export as CSV rows: one per request field, call attempt or message."""
    writer.writerow(["kind", "reference_or_conversation", "time_utc", "field_or_from",
                     "value"])
    for request in document["callback_requests"]:
        for name in REQUEST_FIELDS[1:]:
            writer.writerow(["callback request", request["reference"],
                             request["created_at"], name, request[name]])
        for attempt in request["call_attempts"]:
            writer.writerow(["call attempt", request["reference"], attempt["time"],
                             attempt["outcome"], attempt["note"] or ""])
    for conversation in document["conversations"]:
        for m in conversation["messages"]:
            writer.writerow(["conversation", conversation["conversation_id"], m["time"],
                             m["from"], m["text"]])
