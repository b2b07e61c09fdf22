"""Each service that changes batches refreshes the stored results itself, whatever the program imported before.

An import, its undo and a change of the working-day rule each call ``govdash.services.refresh.batches_changed`` once, and
the stored metrics and scores are current afterwards. A program that imports nothing but the import service (a
script, a worker) gets the same refresh: nothing depends on some other module having been imported first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from govdash.core import config
from govdash.frameworks.loader import scan_frameworks
from govdash.repository import materialized
from govdash.services import refresh, stored_scores, workday_rules
from govdash.services.imports import import_file, undo_batch
from tests.scale.conftest import NEW_EVALUATIONS

ROOT = Path(__file__).resolve().parents[2]


def _current(engine) -> bool:
    framework = scan_frameworks()[0]["digital_gov"]
    return materialized.is_current(engine) and stored_scores.stored_scores(engine, framework) is not None


def test_import_undo_and_a_new_workday_rule_each_call_the_refresh_once(demo_copy, monkeypatch):
    calls: list[tuple[str, list[int]]] = []
    batches_changed = refresh.batches_changed

    def recording(engine, kind, batch_ids, periods):
        calls.append((kind, list(batch_ids)))
        batches_changed(engine, kind, batch_ids, periods)

    monkeypatch.setattr(refresh, "batches_changed", recording)

    imported = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    assert imported.status == "imported", imported.message
    assert calls == [("evaluations", [imported.batch_id])] and _current(demo_copy)

    assert undo_batch(demo_copy, imported.batch_id).ok
    assert calls[1:] == [("evaluations", [imported.batch_id])] and _current(demo_copy)

    monkeypatch.setenv("GOVDASH_RECTIFY_WORKING_DAYS", "5")
    config.get_settings.cache_clear()
    try:
        assert workday_rules.apply_rectify_rule(demo_copy)
    finally:
        config.get_settings.cache_clear()
    assert calls[2:] == [("evaluations", [])] and _current(demo_copy)


def test_a_program_importing_only_the_import_service_keeps_the_stored_results(demo_copy, tmp_path):
    url = demo_copy.url.render_as_string(hide_password=False)
    source = tmp_path / "好差评.csv"
    source.write_bytes(NEW_EVALUATIONS)
    script = (
        "import sys\n"
        "from govdash.core.db import make_engine\n"
        "from govdash.services.imports import import_file\n"
        "result = import_file(make_engine(sys.argv[1]), 'evaluations', sys.argv[2], file_name='好差评.csv')\n"
        "assert result.status == 'imported', result.message\n"
    )
    done = subprocess.run([sys.executable, "-c", script, url, str(source)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert _current(demo_copy)


def test_scores_are_stored_when_the_reported_values_read_beside_the_refresh_fail(demo_copy, monkeypatch):
    read_reported = stored_scores.read_reported

    def failing_beside_the_refresh(engine, frameworks=None):
        if frameworks is None:  # the read beside the refresh; the scores' own read names the frameworks
            raise RuntimeError("lost the connection")
        return read_reported(engine, frameworks)

    monkeypatch.setattr(stored_scores, "read_reported", failing_beside_the_refresh)
    imported = import_file(demo_copy, "evaluations", NEW_EVALUATIONS, file_name="好差评.csv")
    assert imported.status == "imported", imported.message
    assert _current(demo_copy)
    framework = scan_frameworks()[0]["digital_gov"]
    fresh = stored_scores.compute_scores(demo_copy, framework)
    stored = stored_scores.stored_scores(demo_copy, framework)
    assert stored is not None
    assert stored.overall["score"].round(6).fillna(-1).tolist() == fresh.overall["score"].round(6).fillna(-1).tolist()
