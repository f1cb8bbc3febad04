"""Serves web/ (the clinic page and the chat widget) on 127.0.0.1.

The widget learns the chat server's address (CHAT_SERVER_URL) and the clinic's
phone number, privacy notice address and chat retention days (clinic.yml, read
and checked at start: a bad file stops it with a line naming the key) from
/config.js. Every response carries a
Content-Security-Policy that allows scripts, styles and connections only from
this page and the chat server, so the page loads nothing from a third party.

    python scripts/serve_web.py --port 8080 --chat-server http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import json
import os
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

from msrehab.clinic import clinic_details, load_or_exit

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"


class WidgetPageHandler(SimpleHTTPRequestHandler):
    chat_server = "http://127.0.0.1:5005"

    def end_headers(self) -> None:
        server = urlparse(self.chat_server)
        ws = f"{'wss' if server.scheme == 'https' else 'ws'}://{server.netloc}"
        self.send_header(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {self.chat_server} {ws}; frame-ancestors 'self'; "
            "base-uri 'none'; form-action 'none'",
        )
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        if self.path.split("?")[0] == "/config.js":
            clinic = clinic_details()
            config = {"server": self.chat_server, "phone": clinic["clinic_phone"],
                      "privacyUrl": clinic["privacy_notice_url"],
                      "retentionDays": clinic["chat_retention_days"]}
            body = f"window.MSREHAB_CHAT = {json.dumps(config)};\n"
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # quiet: no visitor logs
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--chat-server",
                        default=os.environ.get("CHAT_SERVER_URL", "http://127.0.0.1:5005"))
    args = parser.parse_args()
    load_or_exit()  # clinic.yml: checked before serving anything
    handler = type("Handler", (WidgetPageHandler,), {"chat_server": args.chat_server})
    server = ThreadingHTTPServer(("127.0.0.1", args.port),
                                 partial(handler, directory=str(WEB_ROOT)))
    server.serve_forever()


if __name__ == "__main__":
    main()
