"""Deliver 预警 to a group chat robot: 钉钉 / 企业微信 style markdown JSON posted to the configured URL only.

钉钉's signing (加签): with a secret, the URL gets ``timestamp`` (ms) and ``sign`` =
urlencode(base64(HMAC-SHA256(key=secret, msg = timestamp, a newline, secret))). 企业微信 robots need no signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote_plus, urlsplit

import pandas as pd

from govdash.alerts.rules import LEVELS
from govdash.core.periods import format_period

#: Hits listed in one message; a chat message has a size limit (钉钉: 20,000 bytes), the 通报 has them all.
LISTED = 30
TIMEOUT_SECONDS = 10


class WebhookError(RuntimeError):
    """The message could not be delivered (no URL configured, a network error, or the robot refused it)."""


def signed_url(url: str, secret: str | None, *, timestamp_ms: int | None = None) -> str:
    """Return ``url`` with 钉钉's ``timestamp`` and ``sign`` parameters when ``secret`` is given."""
    if not secret:
        return url
    stamp = timestamp_ms if timestamp_ms is not None else round(time.time() * 1000)
    digest = hmac.new(secret.encode("utf-8"), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}"


def warning_message(hits: pd.DataFrame, *, period: str) -> dict:
    """Return the markdown message of a period's hits: counts by level, then the most severe hits."""
    title = f"预警通报 · {format_period(period)}"
    counts = hits["level"].value_counts() if not hits.empty else pd.Series(dtype=int)
    lines = [f"### {title}", "", "  ".join(f"{level} {int(counts.get(level, 0))} 条" for level in LEVELS), ""]
    if hits.empty:
        lines.append("本期没有触发预警规则的区县。")
    for hit in hits.head(LISTED).itertuples(index=False):
        lines.append(f"- 【{hit.level}】{hit.region_name}:{hit.rule}({hit.detail})")
    if len(hits) > LISTED:
        lines.append(f"- ……另有 {len(hits) - LISTED} 条,见看板“预警”页和月度通报")
    return {"msgtype": "markdown", "markdown": {"title": title, "text": "\n".join(lines)}}


@dataclass(frozen=True)
class Delivery:
    """What the robot answered."""

    status: int
    body: str


def post_message(url: str, message: dict, *, secret: str | None = None) -> Delivery:
    """POST ``message`` as JSON to ``url`` (signed when ``secret`` is given); raise ``WebhookError`` on failure."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise WebhookError(f"预警推送地址须以 http:// 或 https:// 开头:{url}")
    request = urllib.request.Request(
        signed_url(url, secret), data=json.dumps(message, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
            delivery = Delivery(response.status, response.read().decode("utf-8", "replace"))
    except OSError as exc:
        raise WebhookError(f"预警推送失败:{exc}") from None
    _check_answer(delivery)
    return delivery


def _check_answer(delivery: Delivery) -> None:
    """钉钉 and 企业微信 answer HTTP 200 with ``errcode`` ≠ 0 when they refuse a message (a bad signature)."""
    try:
        answer = json.loads(delivery.body)
    except ValueError:
        return
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise WebhookError(f"预警推送被拒绝:{answer.get('errmsg', answer)}")
