"""Concurrent conversations against a running server's REST channel (loopback only).

Each conversation is a fresh sender that sends questions one after another,
waiting for each answer; `concurrency` conversations run at once. Bounded by
message count and by time.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from dataclasses import dataclass
from typing import List, Sequence

import aiohttp

QUESTIONS = [
    "does dry needling hurt?", "how long does a session take", "is it safe",
    "what can dry needling help with", "how much does it cost", "what should i wear",
    "hello", "thanks",
]


@dataclass
class LoadResult:
    concurrency: int
    messages: int
    errors: int
    seconds: float
    latencies_ms: List[float]

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return float("nan")
        k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
        return values[k]

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def row(self) -> dict:
        return {"concurrency": self.concurrency, "messages": self.messages,
                "errors": self.errors, "p50_ms": self.percentile(50),
                "p95_ms": self.percentile(95), "p99_ms": self.percentile(99),
                "mean_ms": statistics.fmean(self.latencies_ms) if self.latencies_ms else 0,
                "msgs_per_s": self.per_second}


async def _conversation(session, url, questions: Sequence[str], latencies, errors,
                        deadline: float) -> None:
    sender = f"bench-{uuid.uuid4().hex}"
    for text in questions:
        if time.perf_counter() > deadline:
            return
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as r:
                body = await r.json()
                if r.status != 200 or not body:
                    errors.append(r.status)
                    continue
        except (aiohttp.ClientError, asyncio.TimeoutError):
            errors.append(-1)
            continue
        latencies.append((time.perf_counter() - start) * 1000)


async def _run(base_url: str, concurrency: int, total_messages: int,
               max_seconds: float) -> LoadResult:
    url = f"{base_url}/webhooks/rest/webhook"
    per_conversation = len(QUESTIONS)
    conversations = max(concurrency, total_messages // per_conversation)
    latencies: List[float] = []
    errors: List[int] = []
    timeout = aiohttp.ClientTimeout(total=60)
    queue: asyncio.Queue = asyncio.Queue()
    for _ in range(conversations):
        queue.put_nowait(QUESTIONS)
    start = time.perf_counter()
    deadline = start + max_seconds

    async with aiohttp.ClientSession(timeout=timeout) as session:
        async def worker():
            while not queue.empty() and time.perf_counter() < deadline:
                questions = queue.get_nowait()
                await _conversation(session, url, questions, latencies, errors, deadline)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    seconds = time.perf_counter() - start
    return LoadResult(concurrency, len(latencies), len(errors), seconds, latencies)


def run_load(base_url: str, concurrency: int, total_messages: int = 400,
             max_seconds: float = 60) -> LoadResult:
    return asyncio.run(_run(base_url, concurrency, total_messages, max_seconds))


def warm_up(base_url: str, messages: int = 20) -> None:
    run_load(base_url, 2, messages, 30)
