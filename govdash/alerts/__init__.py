"""预警: warning rules as data, their hits per period, the monthly 通报 and the webhook that delivers them."""

from govdash.alerts.evaluate import HIT_COLUMNS, evaluate_rules, record_link
from govdash.alerts.rules import LEVEL_COLORS, LEVELS, AlertRuleError, Rule, load_rules
from govdash.alerts.webhook import WebhookError

__all__ = ["HIT_COLUMNS", "LEVELS", "LEVEL_COLORS", "AlertRuleError", "Rule", "WebhookError", "evaluate_rules",
           "load_rules", "record_link"]
