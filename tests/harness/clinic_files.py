"""Clinic files for tests: the shipped clinic.yml with facts filled in or changed.

    write_clinic(path, address="1 Test Street, Testtown TE1 1ST")  -> path

The `clinic_file` fixture (conftest.py) writes one and makes this process read it.

FILLED is a made-up clinic (never the real clinic's facts: those stay empty in clinic.yml
until the clinic gives them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SHIPPED = PROJECT_ROOT / "clinic.yml"

WEEK = {"monday": "09:00-18:00", "tuesday": "09:00-19:30", "wednesday": "09:00-13:00, 14:00-18:00",
        "thursday": "09:00-18:00", "friday": "09:00-18:00", "saturday": "09:00-13:00",
        "sunday": "closed"}
FILLED = {
    "address": "1 Test Street, Testtown TE1 1ST",
    "getting_there": "Five minutes' walk from Testtown station; step-free entrance.",
    "parking": "free in the clinic's own car park",
    "opening_hours": WEEK,
    "closures": {"bank_holidays": True,
                 "dates": [{"date": "2026-12-24", "name": "Christmas Eve"}]},
    "prices": {"Dry needling (45 minutes)": "£50", "Follow-up (30 minutes)": "£40"},
    "payment_methods": ["card", "cash"],
    "insurers": ["Bupa", "AXA Health"],
    "other_treatments": ["sports massage", "IASTM"],
}


def shipped() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def write_clinic(path: Path, base: dict | None = None, **changes: Any) -> Path:
    """The shipped file (or `base`) with `changes`, written to `path`."""
    data = {**(shipped() if base is None else base), **changes}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
