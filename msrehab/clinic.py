"""The clinic's details, read from the one place they are configured: the
`slots` section at the top of domain.yml (clinic_phone, clinic_email, ...)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Dict

import yaml

DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


@functools.lru_cache(maxsize=1)
def clinic_details() -> Dict[str, str]:
    """Every slot's initial value (the clinic's phone, e-mail, booking address...)."""
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
    return {name: spec["initial_value"] for name, spec in domain["slots"].items()
            if spec.get("initial_value") is not None}


def chat_retention_days() -> float:
    """Days a conversation is kept (chat_retention_days in domain.yml; the
    widget tells patients the same number)."""
    return float(clinic_details().get("chat_retention_days", 30))
