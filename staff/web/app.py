"""The staff page as a Sanic app: sessions, security headers and errors for
every request; the pages are in views_*.py, what they share in pages.py.

    python -m staff.web          # settings: staff/web/settings.py
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from sanic import Sanic, response
from sanic.exceptions import NotFound
from sqlalchemy.exc import SQLAlchemyError

from staff.web import security, views_admin, views_auth, views_queue
from staff.web.backend import Backend, OpenedLater
from staff.web.pages import refuse, templates
from staff.web.settings import Settings

HERE = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Sanic:
    settings = settings or Settings.from_env()
    app = Sanic("msrehab_staff")
    app.config.PROXIES_COUNT = settings.proxies_count
    app.config.REAL_IP_HEADER = "x-forwarded-for" if settings.proxies_count else None
    backend = Backend(settings)
    app.ctx.settings = settings
    app.ctx.backend = backend
    app.ctx.store = OpenedLater(backend, "store")
    app.ctx.accounts = OpenedLater(backend, "accounts")
    app.ctx.audit = OpenedLater(backend, "audit")
    app.ctx.signer = security.CookieSigner(settings.secret_key)
    app.ctx.templates = templates()

    @app.middleware("request")
    async def load_session(request):
        request.ctx.started = time.perf_counter()
        request.ctx.user = request.ctx.session = request.ctx.token = None
        if request.path.startswith("/static/"):
            return None
        try:
            backend.open()
        except SQLAlchemyError as error:
            logger.warning("the callback database cannot be reached: %s", type(error).__name__)
            return refuse(request, 503, "The clinic's database cannot be reached just now. "
                                        "Nothing is lost: try again in a minute.")
        token = app.ctx.signer.unsign(request.cookies.get(security.SESSION_COOKIE))
        if token:
            found = app.ctx.accounts.session_user(token)
            if found:
                request.ctx.user, request.ctx.session = found
                request.ctx.token = token

    @app.middleware("response")
    async def add_headers(request, resp):
        resp.headers.update(security.HEADERS)
        started = getattr(request.ctx, "started", None)
        if started is not None:  # the server's own time for this page (bench/)
            resp.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"

    @app.exception(NotFound)
    async def not_found(request, exception):
        if not hasattr(request.ctx, "user"):
            request.ctx.user = request.ctx.session = None
        return refuse(request, 404, "There is no such page.")

    @app.get("/health")
    async def health(request):
        return response.text("ok")

    app.static("/static", str(HERE / "static"), name="static")
    views_auth.register(app)
    views_queue.register(app)
    views_admin.register(app)
    return app
