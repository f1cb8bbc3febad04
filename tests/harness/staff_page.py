"""The staff page (python -m staff.web) started on its own for a test, and a
logged-in client for it over HTTP."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict

import requests

from . import tiers
from .cluster import START_SECONDS
from .processes import free_port, stop_process_group

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class StaffPage:
    def __init__(self, proc: subprocess.Popen, port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        stop_process_group(self.proc)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_staff_page(tmp: Path, callbacks_url: str, tracker_url: str,
                     extra_env: Dict[str, str] | None = None,
                     healthy: bool = True) -> StaffPage:
    """Starts the staff page on a free port; a port taken meanwhile: another one.
    Ready when /health answers 200 (with healthy=False: answers at all)."""
    tiers.require("server", "the staff page's server")
    for _ in range(3):
        port = free_port()
        log = tmp / f"staff-{port}.log"
        env = dict(os.environ, STAFF_PORT=str(port), CALLBACKS_DATABASE_URL=callbacks_url,
                   TRACKER_DATABASE_URL=tracker_url,
                   STAFF_SECRET_KEY=secrets.token_urlsafe(40), **(extra_env or {}))
        with open(log, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "staff.web"], cwd=PROJECT_ROOT,
                                    env=env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        page = StaffPage(proc, port, log)
        deadline = time.time() + START_SECONDS
        while time.time() < deadline:
            if proc.poll() is not None:
                break
            try:
                status = requests.get(f"{page.url}/health", timeout=5).status_code
                if status == 200 or not healthy:
                    return page
            except requests.RequestException:
                pass
            time.sleep(0.2)
        page.stop()
        if "address already in use" not in page.log_text().lower():
            raise RuntimeError(page.log_text()[-3000:])
    raise RuntimeError("no free port for the staff page")


class StaffClient:
    """One member of staff in a requests session: logs in, reads the CSRF token
    from each page, posts forms."""

    def __init__(self, base: str, verify: bool | str = True) -> None:
        self.base = base
        self.http = requests.Session()
        self.csrf: str | None = None
        # per request: REQUESTS_CA_BUNDLE in the environment would beat a session's own
        self.verify = verify

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.http.get(self.base + path, timeout=30, verify=self.verify, **kwargs)
        self._remember(response)
        return response

    def post(self, path: str, data: Dict | None = None, csrf: bool = True,
             **kwargs) -> requests.Response:
        form = dict(data or {})
        if csrf and self.csrf:
            form.setdefault("csrf_token", self.csrf)
        response = self.http.post(self.base + path, data=form, timeout=30, verify=self.verify,
                                  **kwargs)
        self._remember(response)
        return response

    def _remember(self, response: requests.Response) -> None:
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)

    def log_in(self, username: str, password: str) -> requests.Response:
        self.get("/login")
        return self.post("/login", {"username": username, "password": password})
