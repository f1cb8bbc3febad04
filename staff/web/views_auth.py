"""Logging in and out."""

from __future__ import annotations

from sanic import response

from staff.web import security
from staff.web.pages import client_address, cookie_secure, refuse, render, staff_page


def register(app) -> None:

    @app.get("/")
    async def home(request):
        return response.redirect("/queue" if request.ctx.user else "/login", status=303)

    @app.get("/login")
    async def login_form(request):
        if request.ctx.user:
            return response.redirect(security.safe_next(request.args.get("next")), status=303)
        return _login_page(request)

    @app.post("/login")
    async def login(request):
        form = request.form
        if not security.tokens_match(request.cookies.get(security.LOGIN_COOKIE),
                                     form.get("csrf_token")):
            return refuse(request, 403, "This form has expired. Reload the page and try again.")
        username = (form.get("username") or "").strip()[:64]
        address = client_address(request)
        result = app.ctx.accounts.log_in(username, form.get("password") or "", address)
        if result.throttled:
            app.ctx.audit.record(username or "-", "login_throttled", detail=address)
            return _login_page(request, status=429, error=(
                "Too many failed attempts. Wait 15 minutes, or ask an admin to check "
                "your account."))
        if result.user is None:
            app.ctx.audit.record(username or "-", "login_failed", detail=address)
            return _login_page(request, status=401,
                               error="That user name and password do not match.")
        token = app.ctx.accounts.start_session(result.user)
        app.ctx.audit.record(result.user.username, "login", detail=address)
        resp = response.redirect(security.safe_next(form.get("next")), status=303)
        secure = cookie_secure(request)
        security.set_cookie(resp, security.SESSION_COOKIE, app.ctx.signer.sign(token), secure)
        security.clear_cookie(resp, security.LOGIN_COOKIE, secure)
        return resp

    @app.get("/account")
    @staff_page()
    async def account(request):
        return _account_page(request)

    @app.post("/account/password")
    @staff_page()
    async def change_password(request):
        form = request.form
        if form.get("new_password") != form.get("repeat_password"):
            return _account_page(request, 400, "The two new passwords differ.")
        try:
            app.ctx.accounts.change_password(request.ctx.user.id,
                                             form.get("current_password") or "",
                                             form.get("new_password") or "",
                                             keep_token=request.ctx.token)
        except ValueError as error:
            return _account_page(request, 400, f"Not changed: {error}.")
        app.ctx.audit.record(request.ctx.user.username, "change_password")
        return _account_page(request, notice="Password changed. Your other sessions have "
                                             "ended.")

    @app.post("/logout")
    @staff_page()
    async def logout(request):
        app.ctx.accounts.end_session(request.ctx.token)
        app.ctx.audit.record(request.ctx.user.username, "logout")
        resp = response.redirect("/login?logged_out=1", status=303)
        security.clear_cookie(resp, security.SESSION_COOKIE, cookie_secure(request))
        return resp


def _account_page(request, status: int = 200, error: str | None = None,
                  notice: str | None = None):
    return render(request, "account.html", status=status, title="Your account", error=error,
                  notice=notice)


def _login_page(request, status: int = 200, error: str | None = None):
    token = security.new_token()
    wanted = (request.args.get("next") if request.method == "GET"
              else request.form.get("next"))
    resp = render(request, "login.html", status=status, title="Log in", login_csrf=token,
                  error=error, next=security.safe_next(wanted),
                  logged_out=request.args.get("logged_out") == "1")
    security.set_cookie(resp, security.LOGIN_COOKIE, token, cookie_secure(request))
    return resp
