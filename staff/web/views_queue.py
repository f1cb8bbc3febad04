"""The queue of callback requests, one request's page and what staff do with it,
and the questions the assistant could not answer."""

from __future__ import annotations

import asyncio

from sanic import response

from msrehab.callbacks.store import OUTCOMES, STATUSES, WAITING
from msrehab.privacy import mask_text
from staff.queue_search import QueueSearch
from staff.unanswered import unanswered_questions
from staff.web.pages import refuse, render, staff_page

FILTERS = {"waiting": WAITING, "all": STATUSES, **{s: (s,) for s in STATUSES}}
PER_PAGE = 50
# fixed messages after an action, chosen by code: no user input is echoed
NOTICES = {
    "claimed": "You have this request now. Call the patient, then record the attempt.",
    "claim_lost": "Someone else claimed this request first.",
    "attempt": "Attempt recorded.",
    "closed": "Request closed.",
    "handed": "Request handed over.",
    "released": "Request put back in the queue.",
    "not_yours": "Only the colleague who has this request can do that.",
}


def _int(value, default: int = 1) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def register(app) -> None:

    store, audit, accounts = app.ctx.store, app.ctx.audit, app.ctx.accounts

    @app.get("/queue")
    @staff_page()
    async def queue(request):
        user = request.ctx.user
        status = request.args.get("status", "waiting")
        status = status if status in FILTERS else "waiting"
        mine = request.args.get("mine") == "1"
        text = (request.args.get("q") or "").strip()[:100]
        # a search from the default view looks through every request, closed ones too
        statuses = STATUSES if text and status == "waiting" else FILTERS[status]
        page = store.queue(statuses, owner_id=user.id if mine else None,
                           search=QueueSearch(text).condition() if text else None,
                           page=_int(request.args.get("page")), per_page=PER_PAGE)
        audit.record(user.username, "view_queue",
                     detail=f"status={status} mine={mine} page={page.page}"
                     + (f" search={mask_text(text)}" if text else ""))
        return render(request, "queue.html", title="Callback requests", page=page,
                      shown=status, mine=mine, q=text, filters=list(FILTERS),
                      names=accounts.names())

    @app.get("/requests/<reference:str>")
    @staff_page()
    async def request_page(request, reference: str):
        row = store.get(reference[:16])
        if row is None:
            return refuse(request, 404, "There is no callback request with that reference.")
        audit.record(request.ctx.user.username, "view_request", target=row.reference)
        staff = accounts.all()  # one read serves the names and the hand-over list
        colleagues = [u for u in staff if u.active and u.id != row.claimed_by_id]
        return render(request, "request.html", title=f"Callback request {row.reference}",
                      row=row, attempts=store.attempts(row.id),
                      names=accounts.names(staff),
                      colleagues=colleagues, notice=NOTICES.get(request.args.get("done", "")),
                      tel=(row.phone or "").replace(" ", ""))

    def back(reference: str, notice: str):
        return response.redirect(f"/requests/{reference}?done={notice}", status=303)

    @app.post("/requests/<reference:str>/claim")
    @staff_page()
    async def claim(request, reference: str):
        user = request.ctx.user
        result = store.claim(reference[:16], user.id)
        if result.status is None:
            return refuse(request, 404, "There is no callback request with that reference.")
        audit.record(user.username, "claim" if result.won else "claim_lost",
                     target=reference.upper())
        return back(reference.upper(), "claimed" if result.won else "claim_lost")

    @app.post("/requests/<reference:str>/attempt")
    @staff_page()
    async def attempt(request, reference: str):
        user = request.ctx.user
        outcome = request.form.get("outcome")
        if outcome not in OUTCOMES:
            return refuse(request, 400, "Choose what happened on the call.")
        done = store.add_attempt(reference[:16], user.id, outcome, request.form.get("note"))
        if done is None:
            return back(reference.upper(), "not_yours")
        audit.record(user.username, "add_attempt", target=reference.upper(), detail=outcome)
        return back(reference.upper(), "attempt")

    @app.post("/requests/<reference:str>/close")
    @staff_page()
    async def close(request, reference: str):
        user = request.ctx.user
        if not store.close(reference[:16], user.id):
            return back(reference.upper(), "not_yours")
        audit.record(user.username, "close", target=reference.upper())
        return back(reference.upper(), "closed")

    @app.post("/requests/<reference:str>/hand")
    @staff_page()
    async def hand(request, reference: str):
        user = request.ctx.user
        target = request.form.get("to")
        to_id = None if target == "queue" else _int(target, 0) or None
        if to_id is not None:
            colleague = accounts.get(to_id)
            if colleague is None or not colleague.active:
                return refuse(request, 400, "Choose an active colleague.")
        # an admin can move a request a colleague holds (away, off sick): none is stranded
        row = store.get(reference[:16])
        holder = row.claimed_by_id if (row and user.is_admin and row.claimed_by_id) else user.id
        if not store.hand_to(reference[:16], holder, to_id):
            return back(reference.upper(), "not_yours")
        audit.record(user.username, "hand_over" if to_id else "release",
                     target=reference.upper(),
                     detail=f"from user {holder}" + (f" to user {to_id}" if to_id else ""))
        return back(reference.upper(), "handed" if to_id else "released")

    @app.get("/unanswered")
    @staff_page()
    async def unanswered(request):
        # reads the conversation store: in a thread, so colleagues' pages go on meanwhile
        rows = await asyncio.to_thread(unanswered_questions, app.ctx.settings.tracker_url, 200)
        audit.record(request.ctx.user.username, "view_unanswered")
        return render(request, "unanswered.html", title="Questions without an answer",
                      rows=rows)


