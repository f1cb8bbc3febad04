"""Admins only: patients' data requests (find, export, erase; the retention
purge's record), staff accounts and the audit log.

The person searched for travels in POST bodies, never in a URL, so no access
log or browser history holds a phone number or address.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json

from sanic import response

from msrehab.privacy import mask_text
from staff import erasure
from staff.accounts import ADMIN, ROLES
from staff.conversations import ConversationStore
from staff.person import Person
from staff.purge import last_runs
from staff.web.pages import refuse, render, staff_page

CONFIRM_WORD = "ERASE"


def register(app) -> None:

    store, audit, accounts = app.ctx.store, app.ctx.audit, app.ctx.accounts

    def person_from(form) -> Person | str:
        phone = (form.get("phone") or "").strip()[:40] or None
        email = (form.get("email") or "").strip()[:254] or None
        if not (phone or email):
            return "Give a phone number, an e-mail address or both."
        try:
            return Person.from_input(phone, email)
        except ValueError:
            return "That is not a phone number. Type it as the patient gave it, e.g. 07911 123456."

    # These read every conversation: they run in a thread, so one data request does not
    # hold up colleagues' pages meanwhile (the server is one event loop).
    def with_conversations(job):
        conversations = ConversationStore(app.ctx.settings.tracker_url)
        try:
            return job(conversations)
        finally:
            conversations.close()

    def find_held(person: Person):
        return with_conversations(lambda c: erasure.find(person, store, c))

    def export_document(person: Person):
        return with_conversations(lambda c: erasure.export(
            person, erasure.find(person, store, c), c, store))

    def erase_person(person: Person):
        def job(c):
            held = erasure.find(person, store, c)
            return [r.reference for r in held.requests], erasure.erase(held, store, c)
        return with_conversations(job)

    @app.get("/data-requests")
    @staff_page(ADMIN)
    async def data_requests(request):
        return render(request, "data_requests.html", title="Patients' data requests",
                      runs=last_runs(store))

    @app.post("/data-requests/search")
    @staff_page(ADMIN)
    async def data_search(request):
        person = person_from(request.form)
        if isinstance(person, str):
            return render(request, "data_requests.html", status=400,
                          title="Patients' data requests", runs=last_runs(store), error=person)
        held = await asyncio.to_thread(find_held, person)
        audit.record(request.ctx.user.username, "data_search",
                     target=mask_text(person.describe()),
                     detail=f"{len(held.requests)} request(s), "
                            f"{len(held.conversations)} conversation(s)")
        return render(request, "data_found.html", title="What is held",
                      person=person, held=held, confirm_word=CONFIRM_WORD)

    @app.post("/data-requests/export")
    @staff_page(ADMIN)
    async def data_export(request):
        person = person_from(request.form)
        if isinstance(person, str):
            return refuse(request, 400, person)
        kind = "csv" if request.form.get("format") == "csv" else "json"
        document = await asyncio.to_thread(export_document, person)
        audit.record(request.ctx.user.username, f"data_export_{kind}",
                     target=mask_text(person.describe()))
        if kind == "json":
            body = json.dumps(document, indent=2, ensure_ascii=False)
            mime = "application/json"
        else:
            buffer = io.StringIO()
            erasure.write_rows(document, csv.writer(buffer))
            body, mime = buffer.getvalue(), "text/csv"
        return response.text(body, content_type=f"{mime}; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="msrehab-data-export.{kind}"'})

    @app.post("/data-requests/erase")
    @staff_page(ADMIN)
    async def data_erase(request):
        person = person_from(request.form)
        if isinstance(person, str):
            return refuse(request, 400, person)
        if (request.form.get("confirm") or "").strip().upper() != CONFIRM_WORD:
            held = await asyncio.to_thread(find_held, person)
            return render(request, "data_found.html", status=400, title="What is held",
                          person=person, held=held, confirm_word=CONFIRM_WORD,
                          error=f"Nothing was erased: type {CONFIRM_WORD} to confirm.")
        references, removed = await asyncio.to_thread(erase_person, person)
        audit.record(request.ctx.user.username, "data_erase",
                     target=mask_text(person.describe()),
                     detail=f"requests {', '.join(references) or 'none'}; "
                            f"{removed['conversations']} conversation(s)")
        return render(request, "data_erased.html", title="Erased", removed=removed,
                      references=references)

    @app.get("/users")
    @staff_page(ADMIN)
    async def users(request):
        return render(request, "users.html", title="Staff accounts", users=accounts.all(),
                      roles=ROLES)

    @app.post("/users")
    @staff_page(ADMIN)
    async def add_user(request):
        form = request.form
        try:
            user = accounts.add(form.get("username") or "", form.get("display_name") or "",
                                form.get("password") or "", form.get("role") or "")
        except ValueError as error:
            return render(request, "users.html", status=400, title="Staff accounts",
                          users=accounts.all(), roles=ROLES, error=f"Not added: {error}.")
        audit.record(request.ctx.user.username, "add_user", target=user.username,
                     detail=user.role)
        return response.redirect("/users", status=303)

    @app.post("/users/password")
    @staff_page(ADMIN)
    async def reset_password(request):
        form = request.form
        try:
            user_id = int(form.get("user_id") or "")
        except ValueError:
            return refuse(request, 404, "There is no such account.")
        if user_id == request.ctx.user.id:
            return refuse(request, 400, "Change your own password on Your account.")
        try:
            user = accounts.reset_password(user_id, form.get("password") or "")
        except ValueError as error:
            return render(request, "users.html", status=400, title="Staff accounts",
                          users=accounts.all(), roles=ROLES, error=f"Not changed: {error}.")
        if user is None:
            return refuse(request, 404, "There is no such account.")
        audit.record(request.ctx.user.username, "reset_password", target=user.username)
        return render(request, "users.html", title="Staff accounts", users=accounts.all(),
                      roles=ROLES, notice=f"New password set for {user.username}; give it to "
                                         f"them in person. Their sessions have ended.")

    @app.post("/users/<user_id:int>/<change:str>")
    @staff_page(ADMIN)
    async def change_user(request, user_id: int, change: str):
        if change not in ("disable", "enable"):
            return refuse(request, 404, "There is no such page.")
        if user_id == request.ctx.user.id:
            return refuse(request, 400, "You cannot disable your own account.")
        user = accounts.get(user_id)
        if user is None:
            return refuse(request, 404, "There is no such account.")
        accounts.set_active(user_id, change == "enable")
        audit.record(request.ctx.user.username, f"{change}_user", target=user.username)
        return response.redirect("/users", status=303)

    @app.get("/audit")
    @staff_page(ADMIN)
    async def audit_log(request):
        try:
            page = max(1, int(request.args.get("page", "1")))
        except ValueError:
            page = 1
        rows, total = audit.page(page)
        return render(request, "audit.html", title="Audit log", rows=rows, total=total,
                      page=page, pages=max(1, -(-total // 100)))
