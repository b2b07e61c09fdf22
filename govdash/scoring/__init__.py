"""The scoring engine: pure functions over pandas/numpy, no database, no Streamlit (DOMAIN.md §3).

``score`` turns raw indicator values into a ``ScoreResult``; ``explain``, ``rank_sensitivity`` and
``statistical_audit`` read a result.
"""

from govdash.scoring.aggregate import GEOMETRIC_FLOOR
from govdash.scoring.audit import AuditResult, statistical_audit
from govdash.scoring.engine import ScoreResult, score
from govdash.scoring.explain import explain
from govdash.scoring.frames import STATUS_COMPLETE, STATUS_ESTIMATED, STATUS_INSUFFICIENT
from govdash.scoring.sensitivity import rank_sensitivity

__all__ = [
    "GEOMETRIC_FLOOR", "STATUS_COMPLETE", "STATUS_ESTIMATED", "STATUS_INSUFFICIENT",
    "AuditResult", "ScoreResult", "explain", "rank_sensitivity", "score", "statistical_audit",
]
