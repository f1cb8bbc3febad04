"""msrehab-staff: the clinic staff's tool for callback requests.

    msrehab-staff list [--all]          requests waiting for a call (or all)
    msrehab-staff show CB-XXXX          one request in full
    msrehab-staff done CB-XXXX          close a request
    msrehab-staff export FILE.csv       every request, as CSV
    msrehab-staff delete CB-XXXX        erase a request and that patient's conversations
    msrehab-staff erase --phone P | --email E   erase everything held about a person
    msrehab-staff export-person --phone P | --email E FILE   all of it, as JSON or CSV
    msrehab-staff purge --older-than N  erase requests older than N days, and
                                        conversations older than chat_retention_days
    msrehab-staff send-pending          e-mail staff the requests not yet sent
    msrehab-staff unanswered            what patients asked that had no answer
    msrehab-staff add-user NAME [--admin]  an account for the staff page (asks the password)
    msrehab-staff migrate               bring the callback database's schema up to date

The databases are CALLBACKS_DATABASE_URL (default: var/callbacks.db) and the
conversation store, TRACKER_DATABASE_URL (default: var/tracker.db).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import sys
from typing import List

from msrehab.callbacks import notify
from msrehab.callbacks.store import WAITING, CallbackRequest, CallbackStore
from msrehab.privacy import mask_name, mask_text
from staff import erasure
from staff.accounts import ADMIN, RECEPTION, Accounts
from staff.conversations import ConversationStore
from staff.person import Person
from staff.purge import run_purge
from staff.unanswered import unanswered_questions

CSV_FIELDS = ["reference", "created_at", "status", "name", "phone", "email",
              "preferred_time", "preferred_time_note", "promised_call", "reason", "notified",
              "closed_at"]


def _summary(row: CallbackRequest) -> str:
    # lists show masked contact details; `show` gives them in full
    contact = mask_text(row.phone or row.email or "-")
    sent = "sent" if row.notified else "NOT SENT"
    return (f"{row.reference}  {row.created_at:%Y-%m-%d %H:%M} UTC  {row.status:7}  "
            f"{sent:8}  {row.preferred_time:9}  {mask_name(row.name):16}  {contact}")


def _show(row: CallbackRequest) -> str:
    return "\n".join([
        f"Reference:      {row.reference}",
        f"Received (UTC): {row.created_at:%Y-%m-%d %H:%M}",
        f"Status:         {row.status}" + (f" ({row.closed_at:%Y-%m-%d %H:%M} UTC)"
                                          if row.closed_at else ""),
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
    parser.add_argument("--tracker-url", help="conversations; default: TRACKER_DATABASE_URL "
                                              "or var/tracker.db")
    sub = parser.add_subparsers(dest="command", required=True)
    listing = sub.add_parser("list", help="open requests, oldest first")
    listing.add_argument("--all", action="store_true", help="include called and closed ones")
    for name, text in (("show", "one request in full"), ("done", "close a request"),
                       ("delete", "erase a request and the patient's conversations")):
        sub.add_parser(name, help=text).add_argument("reference")
    sub.add_parser("export", help="all requests as CSV").add_argument("file")
    for name, text in (("erase", "erase every request and conversation holding these"),
                       ("export-person", "write everything held about a person to FILE "
                                         "(.json, or .csv)")):
        person = sub.add_parser(name, help=text)
        person.add_argument("--phone", help="any format: 07911 123456, +44 7911 123456...")
        person.add_argument("--email")
        if name == "export-person":
            person.add_argument("file")
    purge = sub.add_parser("purge", help="erase requests older than N days, and conversations "
                                         "older than chat_retention_days (clinic.yml)")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    sub.add_parser("send-pending", help="e-mail staff the requests not sent yet")
    unanswered = sub.add_parser("unanswered", help="questions the assistant could not answer")
    unanswered.add_argument("--tracker-url", dest="unanswered_tracker_url",
                            help="default: TRACKER_DATABASE_URL or var/")
    unanswered.add_argument("--limit", type=int, default=50)
    user = sub.add_parser("add-user", help="an account for the staff page")
    user.add_argument("username")
    user.add_argument("--admin", action="store_true", help="role admin (default: reception)")
    user.add_argument("--display-name", help="shown to colleagues (default: the user name)")
    user.add_argument("--password-stdin", action="store_true",
                      help="read the password from standard input (scripts)")
    sub.add_parser("migrate", help="bring the callback database's schema up to date")
    return parser


def main(argv: List[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "unanswered":
        rows = unanswered_questions(args.unanswered_tracker_url or args.tracker_url, args.limit)
        for question, count in rows:
            print(f"{count:5d}  {question}")
        if not rows:
            print("No unanswered questions recorded.")
        return 0

    store = CallbackStore(args.database_url)  # opening it migrates the schema
    if args.command == "migrate":
        print("The callback database's schema is up to date.")
        store.engine.dispose()
        return 0
    # only these read the conversation store: the others work without it
    conversations = (ConversationStore(args.tracker_url) if args.command in
                     ("delete", "erase", "export-person", "purge") else None)
    try:
        return _run(args, store, conversations)
    finally:
        if conversations:
            conversations.close()
        store.engine.dispose()


def _add_user(args: argparse.Namespace, store: CallbackStore) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (10 characters or more): ")
        if getpass.getpass("Again: ") != password:
            print("The two passwords differ.", file=sys.stderr)
            return 2
    role = ADMIN if args.admin else RECEPTION
    try:
        user = Accounts(store).add(args.username, args.display_name or args.username,
                                   password, role)
    except ValueError as error:
        print(f"Not added: {error}.", file=sys.stderr)
        return 2
    print(f"Added {user.username} ({role}). They can log in to the staff page now.")
    return 0


def _person(args: argparse.Namespace) -> Person | None:
    if not (args.phone or args.email):
        print("Give --phone and/or --email.", file=sys.stderr)
        return None
    try:
        return Person.from_input(args.phone, args.email)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return None


def _run(args: argparse.Namespace, store: CallbackStore,
         conversations: ConversationStore | None) -> int:
    if args.command == "add-user":
        return _add_user(args, store)
    if args.command == "list":
        rows = store.list(status=None if args.all else WAITING)
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
        print(f"{args.reference.upper()} closed.")
    elif args.command == "delete":
        removed = erasure.delete_request(args.reference, store, conversations)
        if not removed:
            print(f"No request {args.reference}.", file=sys.stderr)
            return 1
        print(f"{args.reference.upper()} deleted, with {removed['conversations']} "
              f"conversation(s) ({removed['events']} stored event(s)).")
    elif args.command in ("erase", "export-person"):
        person = _person(args)
        if person is None:
            return 2
        held = erasure.find(person, store, conversations)
        if args.command == "export-person":
            erasure.write_export(erasure.export(person, held, conversations, store), args.file)
            print(f"{len(held.requests)} request(s) and {len(held.conversations)} "
                  f"conversation(s) about {person.describe()} written to {args.file}.")
            return 0
        references = ", ".join(r.reference for r in held.requests) or "none"
        removed = erasure.erase(held, store, conversations)
        print(f"Erased for {person.describe()}: {removed['requests']} request(s) "
              f"({references}), {removed['conversations']} conversation(s) "
              f"({removed['events']} stored event(s)).")
    elif args.command == "export":
        rows = store.list(status=None)
        with open(args.file, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=CSV_FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow({field: getattr(row, field) for field in CSV_FIELDS})
        print(f"{len(rows)} request(s) written to {args.file}.")
    elif args.command == "purge":
        purged = run_purge(store, conversations, args.older_than)
        print(f"{purged['requests']} request(s) deleted.")
        print(f"{purged['conversations']} conversation(s) older than "
              f"{purged['conversation_days']:g} days deleted "
              f"({purged['events']} stored event(s)).")
    elif args.command == "send-pending":
        sent, unsent = notify.send_pending(store)
        print(f"{sent} sent, {unsent} still unsent.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
