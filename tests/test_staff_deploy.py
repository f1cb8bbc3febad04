"""The staff page as deployed: behind nginx (deploy/nginx/staff.conf.template,
Debian's nginx) over HTTPS with a certificate made here, on its own host name.
Without a session nothing but the login page; cookies Secure; plain HTTP refused;
no query string (a searched phone number) in nginx's log."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import requests
from harness.cluster import NGINX, PROJECT_ROOT, START_SECONDS, render_template
from harness.processes import free_port, stop_process_group
from harness.staff_page import StaffClient, start_staff_page

from msrehab.callbacks.store import CallbackStore
from staff.accounts import Accounts

pytestmark = pytest.mark.server
TEMPLATE = PROJECT_ROOT / "deploy" / "nginx" / "staff.conf.template"
HOST = "staff.msrehab.test"
PASSWORD = "a long enough password"


def certificate(folder: Path) -> None:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1",
                    "-keyout", str(folder / "privkey.pem"),
                    "-out", str(folder / "fullchain.pem")], check=True, capture_output=True)


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("staff-deploy")
    url = f"sqlite:///{tmp / 'callbacks.db'}"
    store = CallbackStore(url)
    Accounts(store).add("rita", "Rita", PASSWORD, "reception")
    store.engine.dispose()
    page = start_staff_page(tmp, url, f"sqlite:///{tmp / 'tracker.db'}",
                            {"STAFF_PROXIES_COUNT": "1", "STAFF_COOKIE_SECURE": "1"})
    certificate(tmp)
    port = free_port()
    site = tmp / "staff.conf"
    site.write_text(render_template({
        "STAFF_LISTEN": f"127.0.0.1:{port} ssl", "STAFF_SERVER_NAME": HOST,
        "STAFF_UPSTREAM": f"127.0.0.1:{page.port}", "STAFF_ACCESS_LOG": str(tmp / "access.log"),
    }, TEMPLATE))
    # tls.conf as deploy/nginx ships it, with this test's certificate
    tls = (PROJECT_ROOT / "deploy" / "nginx" / "tls.conf").read_text().replace(
        "/etc/nginx/certs", str(tmp))
    (tmp / "tls.conf").write_text(tls)
    (tmp / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log warn;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
        f"  fastcgi_temp_path {tmp}/fastcgi;\n  uwsgi_temp_path {tmp}/uwsgi;\n"
        f"  scgi_temp_path {tmp}/scgi;\n  include {tmp}/tls.conf;\n  include {site};\n}}\n")
    nginx = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                             start_new_session=True)
    base = f"https://127.0.0.1:{port}"
    deadline = time.time() + START_SECONDS
    while True:
        assert nginx.poll() is None, (tmp / "error.log").read_text()
        try:
            requests.get(base + "/health", verify=str(tmp / "fullchain.pem"), timeout=5)
            break
        except requests.RequestException:
            assert time.time() < deadline, "nginx did not start"
            time.sleep(0.2)
    try:
        yield base, tmp / "access.log", str(tmp / "fullchain.pem")
    finally:
        stop_process_group(nginx)
        page.stop()


def https_client(base: str, cert: str) -> StaffClient:
    client = StaffClient(base, verify=cert)  # the test's own certificate, checked
    client.http.headers["Host"] = HOST
    return client


def test_without_a_session_only_the_login_page_is_served(proxied):
    base, _, cert = proxied
    for path in ("/queue", "/requests/CB-AAAA", "/unanswered", "/data-requests", "/audit"):
        response = requests.get(base + path, headers={"Host": HOST}, verify=cert,
                                allow_redirects=False, timeout=30)
        assert response.status_code == 303 and response.headers["Location"].startswith(
            "/login"), path
        assert "max-age" in response.headers["Strict-Transport-Security"]


def test_over_https_logging_in_works_and_every_cookie_is_secure(proxied):
    base, _, cert = proxied
    client = https_client(base, cert)
    login = client.get("/login")
    assert "Secure" in login.headers["Set-Cookie"]
    response = client.post("/login", {"username": "rita", "password": PASSWORD},
                           allow_redirects=False)
    assert response.status_code == 303
    assert all(f in response.headers["Set-Cookie"] for f in ("HttpOnly", "Secure",
                                                             "SameSite=Strict"))
    assert client.get("/queue").status_code == 200


def test_plain_http_is_refused(proxied):
    base, _, _ = proxied
    response = requests.get(base.replace("https", "http") + "/queue", timeout=30)
    assert response.status_code == 400  # nginx: plain HTTP sent to an HTTPS port


def test_nginx_logs_no_query_strings(proxied):
    base, log, cert = proxied
    client = https_client(base, cert)
    client.log_in("rita", PASSWORD)
    client.get("/queue?q=07911+123456")
    deadline = time.time() + 30
    while "/queue" not in log.read_text() and time.time() < deadline:
        time.sleep(0.2)
    text = log.read_text()
    assert "/queue" in text and "07911" not in text and "q=" not in text
