"""Database tables (SQLModel). Queries live in ``govdash.repository``, not here.

Times are stored without a time zone: record times (评价时间, 提交时间) as the local time written in the file,
bookkeeping times (``created_at``) in UTC.

Every record table carries ``batch_id``: the upload it came from, so that each number on screen can be traced
to a file and undone with it. Enumerations are stored as the codes of ``govdash.domain.vocab``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time in UTC, without tzinfo (stored as naive UTC in every backend)."""
    return datetime.now(UTC).replace(tzinfo=None)


class UploadBatch(SQLModel, table=True):
    """One imported file: who, when, what, and what became of it."""

    __tablename__ = "upload_batch"
    __table_args__ = (Index("ix_upload_batch_kind_period", "kind", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    uploader: str = Field(default="system", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    period: str | None = Field(default=None, max_length=16)
    periods: str | None = Field(default=None, max_length=255, description="comma-separated periods in the file")
    status: str = Field(default="active", max_length=16, index=True)
    encoding: str | None = Field(default=None, max_length=32)
    sheet: str | None = Field(default=None, max_length=64)
    rows_total: int = 0
    rows_written: int = 0
    rows_rejected: int = 0
    warnings: int = 0
    replaces_batch_id: int | None = Field(default=None, foreign_key="upload_batch.id")
    undone_at: datetime | None = Field(default=None, sa_type=DateTime)
    undone_by: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, sa_column=Column(Text))


class Region(SQLModel, table=True):
    """An administrative region: 6-digit GB/T 2260 code (省/市/区县), 9-digit 街道/乡镇, 12-digit 社区/村.

    The longer codes are the 统计用区划代码: a 9-digit code begins with its county's code, a 12-digit one with
    its township's. ``peer_group`` (同类组, e.g. 中心城区 / 郊区 / 县) lets rankings compare like with like.
    """

    code: str = Field(primary_key=True, max_length=12, min_length=6)
    name: str = Field(max_length=64)
    level: str = Field(default="district", max_length=16)
    parent_code: str | None = Field(default=None, foreign_key="region.code", max_length=12)
    peer_group: str | None = Field(default=None, max_length=32)
    batch_id: int | None = Field(default=None, foreign_key="upload_batch.id", index=True)


class Department(SQLModel, table=True):
    """A government department of a region (实施部门 / 提供部门)."""

    __table_args__ = (UniqueConstraint("region_code", "name", name="uq_department_region_name"),)

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(foreign_key="region.code", max_length=12, index=True)
    name: str = Field(max_length=128)
    code: str | None = Field(default=None, max_length=64)
    batch_id: int | None = Field(default=None, foreign_key="upload_batch.id", index=True)


class CatalogEntry(SQLModel, table=True):
    """A 政务数据资源目录 entry, as listed in one period's catalog snapshot."""

    __tablename__ = "catalog_entry"
    __table_args__ = (
        UniqueConstraint("period", "code", name="uq_catalog_period_code"),
        Index("ix_catalog_region_period", "region_code", "period"),
        Index("ix_catalog_period_region", "period", "region_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    period: str = Field(max_length=16)
    code: str = Field(max_length=64)
    name: str = Field(max_length=255)
    department: str = Field(max_length=128)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    domain: str | None = Field(default=None, max_length=64)
    share_type: str = Field(max_length=16)
    open_type: str = Field(max_length=16)
    update_cycle: str = Field(max_length=16)
    last_updated: date | None = None
    field_count: int | None = None
    record_count: int | None = None
    call_count: int = 0
    on_negative_list: bool = False
    negative_reason: str | None = Field(default=None, max_length=500)


class DataDemand(SQLModel, table=True):
    """A 数据需求 / 供需对接 request for a catalog resource."""

    __tablename__ = "data_demand"
    __table_args__ = (Index("ix_demand_region_applied", "region_code", "applied_on"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    demand_no: str = Field(max_length=64, unique=True)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    department: str = Field(max_length=128)
    catalog_code: str | None = Field(default=None, max_length=64)
    applied_on: date
    status: str = Field(max_length=16)
    closed_on: date | None = None
    reject_reason: str | None = Field(default=None, max_length=500)


class DataResponsibility(SQLModel, table=True):
    """A 数据责任清单 line: which department answers for a catalog entry."""

    __tablename__ = "data_responsibility"
    __table_args__ = (UniqueConstraint("region_code", "catalog_code", name="uq_responsibility_entry"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    catalog_code: str = Field(max_length=64)
    department: str = Field(max_length=128)
    role: str | None = Field(default=None, max_length=64, description="a post such as 数据专员, never a person's ID")


class ServiceItem(SQLModel, table=True):
    """A 政务服务事项 as listed in one period's snapshot, with its volumes in that period."""

    __tablename__ = "service_item"
    __table_args__ = (
        UniqueConstraint("period", "code", name="uq_service_item_period_code"),
        Index("ix_service_item_region_period", "region_code", "period"),
        Index("ix_service_item_period_region", "period", "region_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    period: str = Field(max_length=16)
    code: str = Field(max_length=64)
    name: str = Field(max_length=255)
    department: str = Field(max_length=128)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    online_depth: int = Field(ge=1, le=4)
    visits: int = Field(ge=0, le=2, description="0, 1, or 2 meaning two or more")
    visit_reason: str | None = Field(default=None, max_length=255)
    legal_days: int | None = None
    promised_days: int | None = None
    instant: bool = False
    mobile: bool = False
    volume: int = 0
    online_volume: int = 0


class Evaluation(SQLModel, table=True):
    """One 好差评 evaluation. Derived fields (period, month, deadline, on-time) are fixed at import."""

    __table_args__ = (
        Index("ix_evaluation_region_period", "region_code", "period"),
        Index("ix_evaluation_period_rating", "period", "rating"),
        Index("ix_evaluation_period_evaluated_at", "period", "evaluated_at"),  # the newest 差评 first
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    eval_no: str = Field(max_length=64, unique=True)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    item_code: str | None = Field(default=None, max_length=64, index=True)
    department: str | None = Field(default=None, max_length=128)
    channel: str = Field(max_length=16)
    rating: int = Field(ge=1, le=5)
    real_name: bool | None = None
    evaluated_at: datetime = Field(sa_type=DateTime)
    period: str = Field(max_length=16)
    month: str = Field(max_length=7)
    comment: str | None = Field(default=None, sa_column=Column(Text))
    rectified_at: datetime | None = Field(default=None, sa_type=DateTime)
    callback_at: datetime | None = Field(default=None, sa_type=DateTime)
    rectify_deadline: date | None = None
    rectified_on_time: bool | None = None
    is_default: bool | None = Field(default=None, description="a 好评 the system gave after 7 days unrated")
    verification: str | None = Field(default=None, max_length=16, description="核实结果: true / false / malicious")
    appeal_result: str | None = Field(default=None, max_length=16, description="申诉结果: upheld / rejected")
    supervised: bool | None = None
    sub_overall: int | None = None
    sub_efficiency: int | None = None
    sub_convenience: int | None = None
    sub_attitude: int | None = None


class SurveyAnswer(SQLModel, table=True):
    """One answer to one question of a 满意度调查 questionnaire (long form)."""

    __tablename__ = "survey_answer"
    __table_args__ = (
        UniqueConstraint("survey_code", "response_code", "question_code", name="uq_survey_answer"),
        Index("ix_survey_region_period", "region_code", "period"),
        # Metric queries select a period's answers across all districts; without this they scan the table.
        Index("ix_survey_period_region", "period", "region_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    survey_code: str = Field(max_length=64)
    response_code: str = Field(max_length=64)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    question_code: str = Field(max_length=64)
    question_text: str | None = Field(default=None, max_length=500)
    score: float
    scale_max: int = Field(default=5, description="5 for a Likert item, 10 for a 0-10 item")
    submitted_at: datetime = Field(sa_type=DateTime)
    period: str = Field(max_length=16)


class ReportedValue(SQLModel, table=True):
    """A value a district reports for an indicator no record can give (区县填报)."""

    __tablename__ = "reported_value"
    __table_args__ = (
        UniqueConstraint("region_code", "period", "indicator_code", name="uq_reported_value"),
        Index("ix_reported_period_indicator", "period", "indicator_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="upload_batch.id", index=True)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    period: str = Field(max_length=16)
    indicator_code: str = Field(max_length=64)
    value: float
    unit: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, max_length=500)


RECORD_TABLES: tuple[type[SQLModel], ...] = (
    Department, CatalogEntry, DataDemand, DataResponsibility, ServiceItem, Evaluation, SurveyAnswer, ReportedValue,
)


class User(SQLModel, table=True):
    """A person who signs in: a role, an argon2 hash of the password (never the password), and whether active."""

    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    display_name: str | None = Field(default=None, max_length=64)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=255)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    created_by: str | None = Field(default=None, max_length=64)
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime)


class UserRegionScope(SQLModel, table=True):
    """A region an account's data scope covers: the region itself and every region below it (by parent_code).

    An evaluator or viewer without any row is not limited (全市); admins are never limited. No foreign key to
    ``region``: a scope may name a region before its batch is imported, and undoing a region batch does not
    have to wait for every scope naming it to be cleared (such a scope simply covers nothing).
    """

    __tablename__ = "user_region_scope"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True)
    region_code: str = Field(primary_key=True, max_length=12)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    created_by: str | None = Field(default=None, max_length=64)


class UserSession(SQLModel, table=True):
    """A browser's sign-in: only the SHA-256 of its random token is kept, with an expiry and a revocation time.

    The token itself lives in the browser's HttpOnly cookie; a copy of this table cannot sign anyone in.
    """

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    expires_at: datetime = Field(sa_type=DateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per user name, kept in the database so that a restart does not lift a lockout.

    Keyed by the name typed, whether or not such a user exists, so that throttling reveals nothing.
    """

    __tablename__ = "login_throttle"

    name: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    last_failure_at: datetime | None = Field(default=None, sa_type=DateTime)
    locked_until: datetime | None = Field(default=None, sa_type=DateTime)


class AuditEntry(SQLModel, table=True):
    """One thing someone did: who, when (UTC), what, to what, and the details as JSON text."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime, index=True)
    actor: str = Field(max_length=64, index=True)
    action: str = Field(max_length=32, index=True)
    target: str | None = Field(default=None, max_length=255)
    details: str | None = Field(default=None, sa_column=Column(Text))


class OutcomeCounts(SQLModel):
    """The 好差评 outcome counts the tally and the cells keep (no table of its own)."""

    evaluations: int = 0
    good: int = 0
    bad: int = 0
    bad_rectified: int = 0
    bad_on_time: int = 0
    bad_called_back: int = 0
    active: int = 0
    bad_unfounded: int = 0
    bad_real_name: int = 0
    bad_real_name_called_back: int = 0


# Their names, in this order.
OUTCOME_COUNTS: tuple[str, ...] = tuple(OutcomeCounts.model_fields)


class EvaluationTally(OutcomeCounts, table=True):
    """好差评 outcome counts per (period, region, batch): what the metrics sum instead of scanning the records.

    Kept in step with ``evaluation`` by ``govdash.repository.aggregates`` after every import, replacement and
    undo, for the periods the batch touched.
    """

    __tablename__ = "evaluation_tally"

    period: str = Field(primary_key=True, max_length=16)
    region_code: str = Field(primary_key=True, max_length=12)
    batch_id: int = Field(primary_key=True)


class EvaluationCell(OutcomeCounts, table=True):
    """好差评 outcome counts of one batch per (period, region, service item, 实施部门).

    Written by the import from the rows it validated, in the same transaction as the records; rebuilt from the
    records by ``govdash.repository.stored_refresh`` for a batch that has none (written around the import, or
    after the deadlines were counted again). The tally, the item table and the coverage metrics sum these cells
    (about one per item rated) instead of grouping the records.
    """

    __tablename__ = "evaluation_cell"
    __table_args__ = (
        Index("ix_evaluation_cell_period_region", "period", "region_code"),
        # The coverage metrics probe whether a district's item (or department) was rated in a period.
        Index("ix_evaluation_cell_region_item", "region_code", "item_code", "period"),
        Index("ix_evaluation_cell_region_department", "region_code", "department", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(index=True)
    period: str = Field(max_length=16)
    region_code: str = Field(max_length=12)
    item_code: str | None = Field(default=None, max_length=64)
    department: str | None = Field(default=None, max_length=128)


class EvaluationMonthCell(OutcomeCounts, table=True):
    """好差评 outcome counts of one batch per (period, month, channel, 实施部门): the trend and the breakdowns.

    Kept like ``EvaluationCell``.
    """

    __tablename__ = "evaluation_month_cell"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(index=True)
    period: str = Field(max_length=16, index=True)
    month: str = Field(max_length=7)
    channel: str = Field(max_length=16)
    department: str | None = Field(default=None, max_length=128)


class AggregateState(SQLModel, table=True):
    """How far a pre-aggregated table is known to be complete: the newest batch of its kind it has seen.

    A batch written without the refresh (newer than ``batch_watermark``) makes the queries read the records;
    so does a batch undone or replaced without it (``inactive_batches`` counts those the table has seen).
    """

    __tablename__ = "aggregate_state"

    name: str = Field(primary_key=True, max_length=32)
    batch_watermark: int = 0
    inactive_batches: int = 0
    refreshed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)


class MetricValue(SQLModel, table=True):
    """A metric as ``compute_metrics`` computes it from the records, stored per (period, region, metric).

    ``govdash.repository.materialized`` rebuilds the rows of the periods a batch touched after every import,
    replacement and undo; the dashboards read these rows instead of aggregating the records on each view.
    """

    __tablename__ = "metric_value"
    __table_args__ = (Index("ix_metric_value_metric_period", "metric", "period"),)

    period: str = Field(primary_key=True, max_length=16)
    region_code: str = Field(primary_key=True, max_length=12)
    metric: str = Field(primary_key=True, max_length=64)
    value: float
    numerator: float | None = None
    denominator: float | None = None
    record_count: int = 0
    batch_ids: str = Field(default="", sa_column=Column(Text, nullable=False))


class PageTable(SQLModel, table=True):
    """A dashboard table of one period for all districts (``name`` and its ``variant`` of arguments), as JSON.

    Stored and refreshed with ``MetricValue``; a table for one district is always read from the records.
    """

    __tablename__ = "page_table"

    name: str = Field(primary_key=True, max_length=64)
    variant: str = Field(primary_key=True, max_length=128)
    period: str = Field(primary_key=True, max_length=16)
    payload: str = Field(sa_column=Column(Text, nullable=False))


class ScoreSnapshot(SQLModel, table=True):
    """A framework's scores of every district and period at its file's own weights, computed after a change.

    ``govdash.services.stored_scores`` writes one row per framework after every import, replacement and undo, and the pages
    read it instead of scoring every district again. It is used only while ``framework_digest`` matches the
    framework as loaded now and the batch counts match ``upload_batch``; otherwise the scores are computed.
    The three tables are Parquet files; ``meta`` (JSON) keeps what Parquet does not: column types, list
    columns, the aggregation and the weights.
    """

    __tablename__ = "score_snapshot"

    framework_code: str = Field(primary_key=True, max_length=64)
    framework_digest: str = Field(max_length=64)
    batch_watermark: int = 0
    inactive_batches: int = 0
    computed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    meta: str = Field(sa_column=Column(Text, nullable=False))
    indicators: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    dimensions: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    overall: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class BoundarySet(SQLModel, table=True):
    """An uploaded file of district boundaries (GeoJSON or zipped Shapefile), checked and simplified.

    At most one set is ``active``: the one the maps draw. Importing a set replaces the active one; undoing the
    active set brings back the set it replaced. Not an upload batch: boundaries are no period's data and no
    score depends on them, so they stay out of the batch counts that keep stored metrics and scores current.
    """

    __tablename__ = "boundary_set"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    source_format: str = Field(max_length=16)
    uploader: str = Field(default="system", max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
    review_number: str = Field(default="", max_length=128, description="审图号 printed under the maps")
    code_property: str = Field(max_length=64)
    features: int = 0
    districts: int = 0
    tolerance: float = 0.0
    status: str = Field(default="active", max_length=16, index=True)
    replaces_set_id: int | None = Field(default=None, foreign_key="boundary_set.id")
    undone_at: datetime | None = Field(default=None, sa_type=DateTime)
    undone_by: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, sa_column=Column(Text))


class BoundaryShape(SQLModel, table=True):
    """One district's simplified outline in a boundary set: GeoJSON geometry, exterior rings clockwise.

    The region code is not a foreign key: undoing a regions batch must not fail on a map, and a district
    without registered region is simply not drawn.
    """

    __tablename__ = "boundary_shape"

    set_id: int = Field(foreign_key="boundary_set.id", primary_key=True)
    region_code: str = Field(primary_key=True, max_length=12)
    geometry: str = Field(sa_column=Column(Text, nullable=False))


class WorkdayOverride(SQLModel, table=True):
    """A date an administrator marks as 休 (a holiday) or 班 (a working day), over the holiday calendar package.

    For the years the package does not cover yet (the State Council publishes each year's 放假安排 in autumn) and
    for local corrections; an override always wins over the package and over the weekend rule.
    """

    __tablename__ = "workday_override"

    day: date = Field(primary_key=True)
    is_workday: bool
    note: str | None = Field(default=None, max_length=255)
    updated_by: str | None = Field(default=None, max_length=64)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)


class Workday(SQLModel, table=True):
    """The working-day calendar the database counts 整改期限 with: one row per date of the years in use.

    ``seq`` is the number of working days up to and including the date, so the N-th working day after a date
    is the working day whose ``seq`` is the date's plus N. ``source`` says where the date's status comes from:
    ``override``, ``package`` (chinesecalendar) or ``weekend`` (a year no calendar covers).
    """

    __tablename__ = "workday"
    __table_args__ = (Index("ix_workday_seq", "seq", "is_workday"),)

    day: date = Field(primary_key=True)
    is_workday: bool
    source: str = Field(max_length=16)
    seq: int


class RectifyRule(SQLModel, table=True):
    """The 差评 on-time rule the stored 整改期限 were computed with: the deadline and the calendar's digest.

    When either differs from the settings and the calendar now, every 差评's deadline and the results built
    on them are computed again (``govdash.services.workday_rules.apply_rectify_rule``).
    """

    __tablename__ = "rectify_rule"

    name: str = Field(primary_key=True, max_length=16)
    working_days: int
    calendar_digest: str = Field(max_length=64)
    applied_at: datetime = Field(default_factory=utcnow, sa_type=DateTime)
