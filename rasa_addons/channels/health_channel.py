"""GET /webhooks/health/: is this Rasa server fit to take conversations?

200 with {"status": "ok", ...} when the model is loaded and the tracker store
and lock store answer; 503 with the failing part named otherwise. A load
balancer or orchestrator polls it; it reveals no conversation. It is a Rasa
input channel only because that is how Rasa 3.6 lets a project add a route.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from rasa_addons.tracker_store import CheckedSQLTrackerStore, Outage

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_S = 3.0


def _unwrap(store: Any) -> Any:
    """Rasa wraps the configured tracker store (FailSafe, Awaitable wrappers)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def _check_tracker_store(agent: Any) -> None:
    store = _unwrap(agent.tracker_store)
    if isinstance(store, CheckedSQLTrackerStore):
        store.ping()


def _check_lock_store(agent: Any) -> None:
    redis = getattr(agent.lock_store, "red", None)
    if redis is not None:
        redis.ping()


async def _probe(check: Callable[[Any], None], agent: Any) -> str:
    try:
        await asyncio.wait_for(asyncio.to_thread(check, agent), CHECK_TIMEOUT_S)
    except Exception as error:  # any failure means "not fit"; the type says which
        return f"unavailable ({type(error).__name__})"
    return "ok"


async def health(agent: Any) -> Dict[str, str]:
    report = {
        "model": "ok" if agent is not None and agent.is_ready() else "not loaded",
        "tracker_store": await _probe(_check_tracker_store, agent),
        "lock_store": await _probe(_check_lock_store, agent),
    }
    if report["tracker_store"] == "ok":
        Outage.recovered()
    else:
        Outage.failed("health check", report["tracker_store"])
    report["status"] = "ok" if all(v == "ok" for v in report.values()) else "unavailable"
    return report


class HealthChannel(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("health_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def check(request: Request):
            report = await health(getattr(request.app.ctx, "agent", None))
            return response.json(report, status=200 if report["status"] == "ok" else 503)

        return blueprint
