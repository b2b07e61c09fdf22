"""govdash: evaluation dashboards for digital government (数字政府)."""

__version__ = "0.1.0"
