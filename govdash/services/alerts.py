"""The warning hits of a period, read from the database: stored metrics and stored scores."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy.engine import Engine

from govdash.alerts.evaluate import evaluate_rules
from govdash.alerts.rules import MetricRule, Rule, load_rules
from govdash.alerts.webhook import Delivery, WebhookError, post_message, warning_message
from govdash.core.config import get_settings
from govdash.core.periods import parse_period
from govdash.frameworks import Framework, scan_frameworks
from govdash.repository import compute_metrics, list_regions
from govdash.scoring import ScoreResult
from govdash.services import stored_scores


def rules_of_settings() -> tuple[Rule, ...]:
    """Return the rules of the configured file (``GOVDASH_WARNINGS_FILE``); raises ``AlertRuleError``."""
    return load_rules(get_settings().warnings_file)


def warning_hits(engine: Engine, *, period: str, rules: Sequence[Rule] | None = None,
                 scores: Callable[[Framework], ScoreResult] | None = None) -> pd.DataFrame:
    """Return the hits of ``rules`` (default: the configured file's) in ``period``; see ``evaluate_rules``.

    ``scores`` returns a framework's scores of every period (default: ``stored_scores.scores``); the pages pass
    their cached ones.
    """
    score_of = scores or (lambda framework: stored_scores.scores(engine, framework))
    period = parse_period(period)
    chosen = tuple(rules) if rules is not None else rules_of_settings()
    wanted = sorted({r.metric for r in chosen if isinstance(r, MetricRule)})
    metrics = compute_metrics(engine, periods=period, metrics=wanted) if wanted else pd.DataFrame(
        columns=["region_code", "period", "metric", "value"])
    frameworks, _errors = scan_frameworks(get_settings().frameworks_dir)
    needed = {str(getattr(r, "framework", "")) for r in chosen} & set(frameworks)
    scored = {code: (frameworks[code], score_of(frameworks[code])) for code in sorted(needed)}
    regions = list_regions(engine)
    names = dict(zip(regions["code"].astype(str), regions["name"].astype(str), strict=True))
    return evaluate_rules(chosen, period=period, metrics=metrics, scored=scored, names=names)




def notify_warnings(hits: pd.DataFrame, *, period: str) -> Delivery:
    """Post the period's hits to ``GOVDASH_WEBHOOK_URL`` (signed with ``GOVDASH_WEBHOOK_SECRET`` when set).

    Raises:
        WebhookError: no URL is configured, or the delivery failed.
    """
    settings = get_settings()
    if not settings.webhook_url:
        raise WebhookError("未配置预警推送地址(环境变量 GOVDASH_WEBHOOK_URL)。")
    return post_message(settings.webhook_url, warning_message(hits, period=parse_period(period)),
                        secret=settings.webhook_secret)
