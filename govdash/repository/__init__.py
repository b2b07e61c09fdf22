"""Queries and aggregations in SQL, returning DataFrames.

The metrics of DOMAIN.md §4, the raw indicator values of a framework, the records behind a value, and
the tables of the dashboard pages. Every query is SQLAlchemy Core that runs on SQLite and PostgreSQL alike;
nothing here imports streamlit.
"""

from govdash.repository.catalog_views import (
    PIPELINE_STAGES,
    call_volume_by_region,
    demand_pipeline,
    negative_list,
    sharing_ratios,
    update_timeliness,
)
from govdash.repository.evaluation_views import (
    HANDLING_LABELS,
    ITEMS_SHOWN,
    bad_evaluations,
    evaluation_breakdown,
    evaluation_trend,
    worst_rated_services,
)
from govdash.repository.indicators import INDICATOR_COLUMNS, indicator_values, records_behind
from govdash.repository.metrics import SOURCES, compute_metrics, metric_records
from govdash.repository.regions import batch_info, district_codes, list_periods, list_regions, parse_batch_ids
from govdash.repository.reported import reported_values
from govdash.repository.service_items import service_item_summary
from govdash.repository.surveys import MIN_RESPONSES, survey_by_question, survey_by_region

__all__ = [
    "HANDLING_LABELS", "INDICATOR_COLUMNS", "ITEMS_SHOWN", "MIN_RESPONSES", "PIPELINE_STAGES", "SOURCES",
    "bad_evaluations", "batch_info", "call_volume_by_region", "compute_metrics", "demand_pipeline",
    "district_codes", "evaluation_breakdown", "evaluation_trend", "indicator_values", "list_periods",
    "list_regions", "metric_records", "negative_list", "parse_batch_ids", "records_behind", "reported_values",
    "service_item_summary", "sharing_ratios", "survey_by_question", "survey_by_region", "update_timeliness",
    "worst_rated_services",
]
