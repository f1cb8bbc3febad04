"""rasa-sdk plugin (rasa-sdk imports `rasa_sdk_plugins` at start): the action
server refuses calls that do not carry the shared secret.

Rasa sends the secret as the `X-Action-Token` header (`action_endpoint.headers`
in endpoints.yml); both sides read it from ACTION_SERVER_TOKEN. rasa-sdk 3.6
has no token option of its own. Without the setting, every call is refused.
"""

from __future__ import annotations

import hmac
import logging
import os

import pluggy
from sanic import Sanic, response
from sanic.request import Request

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)
HEADER = "X-Action-Token"


def token_is_valid(request: Request, expected: str) -> bool:
    given = request.headers.get(HEADER, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


class SharedSecretPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        expected = os.environ.get("ACTION_SERVER_TOKEN", "")
        if not expected:
            logger.error("ACTION_SERVER_TOKEN is not set: every action call will be refused")

        @app.middleware("request")
        async def require_shared_secret(request: Request):
            if request.path.rstrip("/") == "/health":
                return None
            if not token_is_valid(request, expected):
                return response.json({"error": "unauthorised"}, status=401)
            return None


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(SharedSecretPlugin())
