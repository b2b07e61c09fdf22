"""Mask 身份证号 and 手机号 inside free-text comments before they are stored."""

from __future__ import annotations

import re

import pandas as pd

# 18-digit ID numbers (last may be X) and the old 15-digit form, not inside a longer run of digits.
ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8}|\d{5})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])")
# Mainland mobile numbers, optionally written 138-1234-5678 or 138 1234 5678, optionally after +86.
PHONE_RE = re.compile(r"(?<!\d)((?:\+?86[- ]?)?1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
# The same two shapes without groups, to find the comments worth masking in one vectorized pass.
_ANY_RE = re.compile(r"(?<![0-9A-Za-z])\d{15}(?:\d{2}[\dXx])?(?![0-9A-Za-z])"
                     r"|(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")


def _mask_id(match: re.Match[str]) -> str:
    head, middle, tail = match.groups()
    return f"{head}{'*' * len(middle)}{tail}"


def _mask_phone(match: re.Match[str]) -> str:
    head, _middle, tail = match.groups()
    return f"{head}****{tail}"


def mask_text(text: str) -> str:
    """Return ``text`` with ID numbers as ``110101********1234`` and phones as ``138****5678``."""
    return PHONE_RE.sub(_mask_phone, ID_RE.sub(_mask_id, text))


def mask_series(comments: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Mask every comment; return the new comments and a mask of the rows that changed."""
    present = comments.notna()
    candidates = present & comments.where(present, "").astype(str).str.contains(_ANY_RE, regex=True)
    if not candidates.any():
        return comments, candidates
    masked = comments.copy()
    masked[candidates] = comments[candidates].map(mask_text)
    changed = candidates & (masked != comments)
    return masked, changed
