"""Masks personal data (e-mail addresses, phone numbers) in text and logs."""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"([A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]*@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
# sequences of 7+ digits, allowing spaces, dashes, dots, brackets and a leading +
PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s\-().]{5,}\d(?![\w])")


def mask_email(match: re.Match) -> str:
    return f"{match.group(1)}***@{match.group(2)}"


def mask_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) < 7:
        return match.group(0)
    return "*" * (len(digits) - 3) + digits[-3:]


def mask_text(text: str) -> str:
    """Hides e-mail addresses and phone numbers, keeping enough to tell them apart."""
    return PHONE.sub(mask_phone, EMAIL.sub(mask_email, text))


def mask_name(name: str) -> str:
    """First letter of each part of a name: 'Jane Smith' -> 'J*** S***'."""
    return " ".join(part[0] + "***" for part in name.split() if part)


class MaskingFilter(logging.Filter):
    """A logging filter that masks e-mail addresses and phone numbers in records."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def install_log_masking() -> None:
    """Masks every record that reaches the root logger's handlers."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(MaskingFilter())
    if not any(isinstance(f, MaskingFilter) for f in root.filters):
        root.addFilter(MaskingFilter())
