"""msrehab-staff: the clinic staff's tool for callback requests.

    msrehab-staff list [--all]          open requests (or all)
    msrehab-staff show CB-XXXX          one request in full
    msrehab-staff done CB-XXXX          mark a request handled
    msrehab-staff export FILE.csv       every request, as CSV
    msrehab-staff delete CB-XXXX        erase a request (right to erasure)
    msrehab-staff purge --older-than N  erase requests older than N days
    msrehab-staff send-pending          e-mail staff the requests not yet sent
    msrehab-staff unanswered            what patients asked that had no answer

The database is CALLBACKS_DATABASE_URL (default: var/callbacks.db).
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import List

from msrehab.callbacks import notify
from msrehab.callbacks.store import CallbackRequest, CallbackStore
from msrehab.privacy import mask_name, mask_text
from msrehab.unanswered import unanswered_questions

CSV_FIELDS = ["reference", "created_at", "status", "name", "phone", "email",
              "preferred_time", "preferred_time_note", "reason", "notified", "done_at"]


def _summary(row: CallbackRequest) -> str:
    # lists show masked contact details; `show` gives them in full
    contact = mask_text(row.phone or row.email or "-")
    sent = "sent" if row.notified else "NOT SENT"
    return (f"{row.reference}  {row.created_at:%Y-%m-%d %H:%M} UTC  {row.status:4}  "
            f"{sent:8}  {row.preferred_time:9}  {mask_name(row.name):16}  {contact}")


def _show(row: CallbackRequest) -> str:
    return "\n".join([
        f"Reference:      {row.reference}",
        f"Received (UTC): {row.created_at:%Y-%m-%d %H:%M}",
        f"Status:         {row.status}" + (f" ({row.done_at:%Y-%m-%d %H:%M} UTC)"
                                          if row.done_at else ""),
        f"Name:           {row.name}",
        f"Phone:          {row.phone or '-'}",
        f"E-mail:         {row.email or '-'}",
        f"Preferred time: {notify.time_with_note(row)}",
        f"Reason:         {row.reason or '-'}",
        f"Staff e-mail:   {'sent' if row.notified else 'not sent'}"
        + (f" ({row.last_notify_error})" if row.last_notify_error and not row.notified else ""),
    ])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="msrehab-staff", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: CALLBACKS_DATABASE_URL or var/")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="open requests, oldest first")
    listing.add_argument("--all", action="store_true", help="include done requests")
    for name, text in (("show", "one request in full"), ("done", "mark a request handled"),
                       ("delete", "erase a request")):
        sub.add_parser(name, help=text).add_argument("reference")
    sub.add_parser("export", help="all requests as CSV").add_argument("file")
    purge = sub.add_parser("purge", help="erase requests older than N days")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    sub.add_parser("send-pending", help="e-mail staff the requests not sent yet")
    unanswered = sub.add_parser("unanswered", help="questions the assistant could not answer")
    unanswered.add_argument("--tracker-url", help="default: TRACKER_DATABASE_URL or var/")
    unanswered.add_argument("--limit", type=int, default=50)
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "unanswered":
        rows = unanswered_questions(args.tracker_url, args.limit)
        for question, count in rows:
            print(f"{count:5d}  {question}")
        if not rows:
            print("No unanswered questions recorded.")
        return 0

    store = CallbackStore(args.database_url)
    if args.command == "list":
        rows = store.list(status=None if args.all else "open")
        for row in rows:
            print(_summary(row))
        print(f"{len(rows)} request(s).")
    elif args.command == "show":
        row = store.get(args.reference)
        if not row:
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(_show(row))
    elif args.command == "done":
        if not store.mark_done(args.reference):
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(f"{args.reference.upper()} marked done.")
    elif args.command == "delete":
        if not store.delete(args.reference):
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(f"{args.reference.upper()} deleted.")
    elif args.command == "export":
        rows = store.list(status=None)
        with open(args.file, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow({field: getattr(row, field) for field in CSV_FIELDS})
        print(f"{len(rows)} request(s) written to {args.file}.")
    elif args.command == "purge":
        print(f"{store.purge_older_than(args.older_than)} request(s) deleted.")
    elif args.command == "send-pending":
        sent, unsent = notify.send_pending(store)
        print(f"{sent} sent, {unsent} still unsent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
