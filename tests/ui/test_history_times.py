"""Stored UTC times read as Beijing time: the upload history, the duplicate-file message and the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import update

from govdash.auth.audit import AUDIT
from govdash.domain.format import local_time
from govdash.ingest.batches import BATCHES
from govdash.services.uploads import authorized_import, authorized_undo
from tests.auth.conftest import REGIONS_CSV, evaluations_csv, make_user
from tests.ui.conftest import open_app

# 2025-03-05 06:07 UTC is 14:07 in Beijing; 2025-12-31 20:30 UTC is already New Year's Day there.
UPLOADED_UTC = datetime(2025, 3, 5, 6, 7)
UNDONE_UTC = datetime(2025, 12, 31, 20, 30)


def _set_batch_times(engine, batch_id: int, **times: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(update(BATCHES).where(BATCHES.c.id == batch_id).values(**times))


def test_local_time_adds_eight_hours_across_midnight_and_year():
    assert local_time(UPLOADED_UTC) == "2025年3月5日 14:07"
    assert local_time(UNDONE_UTC) == "2026年1月1日 04:30"
    assert local_time(datetime(2025, 3, 5, 6, 7, tzinfo=UTC)) == "2025年3月5日 14:07"
    assert local_time(pd.NaT) == "—"
    assert local_time(None) == "—"


def test_history_page_shows_upload_and_undo_times_in_beijing_time(engine):
    admin = make_user(engine, "root", "admin")
    assert authorized_import(engine, admin, "regions", REGIONS_CSV, file_name="regions.csv").ok
    done = authorized_import(engine, admin, "evaluations", evaluations_csv("HP1"), file_name="HP1.csv")
    assert authorized_undo(engine, admin, int(done.batch_id or 0)).ok
    _set_batch_times(engine, int(done.batch_id or 0), created_at=UPLOADED_UTC, undone_at=UNDONE_UTC)

    at = open_app("pages/history.py", user=admin)
    assert not at.exception
    table = next(d.value for d in at.dataframe).set_index("批次")
    assert "上传时间(UTC)" not in table.columns
    assert table.loc[done.batch_id, "上传时间(北京时间)"] == "2025年3月5日 14:07"
    assert table.loc[done.batch_id, "撤销时间(北京时间)"] == "2026年1月1日 04:30"


def test_duplicate_upload_message_names_the_first_upload_in_beijing_time(engine):
    admin = make_user(engine, "root", "admin")
    assert authorized_import(engine, admin, "regions", REGIONS_CSV, file_name="regions.csv").ok
    first = authorized_import(engine, admin, "evaluations", evaluations_csv("HP1"), file_name="HP1.csv")
    _set_batch_times(engine, int(first.batch_id or 0), created_at=UPLOADED_UTC)
    again = authorized_import(engine, admin, "evaluations", evaluations_csv("HP1"), file_name="HP1.csv")
    assert again.status == "duplicate"
    assert "2025年3月5日 14:07 导入" in again.message


def test_admin_audit_log_shows_beijing_time_and_filters_by_beijing_day(engine):
    admin = make_user(engine, "root", "admin")
    with engine.begin() as conn:
        conn.execute(update(AUDIT).values(at=UNDONE_UTC))

    at = open_app("pages/admin.py", user=admin)
    at.date_input(key="admin_days").set_value((date(2026, 1, 1), date(2026, 1, 1))).run()
    assert not at.exception
    audit = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert not audit.empty
    assert set(audit["时间(北京时间)"]) == {"2026年1月1日 04:30"}

    # 31 December in Beijing ended before these entries were made.
    at.date_input(key="admin_days").set_value((date(2025, 12, 31), date(2025, 12, 31))).run()
    audit = next(d.value for d in at.dataframe if "操作" in d.value.columns)
    assert audit.empty
