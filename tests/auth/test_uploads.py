import io

import pytest

from govdash.auth import Actor, PermissionDenied, set_active
from govdash.auth.audit import audit_entries
from govdash.core import models
from govdash.services.uploads import authorized_import, authorized_inspect, authorized_undo, can_change_batch
from tests.auth.conftest import actions, count, evaluations_csv, make_user


def _import(engine, actor, *ids, **options):
    return authorized_import(engine, actor, "evaluations", evaluations_csv(*ids), file_name="hp.csv", **options)


@pytest.mark.parametrize("who", ["viewer", "anonymous"])
def test_authorized_import_refused_for_viewer_and_nothing_written(engine, regions, viewer, who):
    actor = viewer if who == "viewer" else Actor.anonymous()
    batches_before = count(engine, models.UploadBatch)
    with pytest.raises(PermissionDenied):
        _import(engine, actor, "HP1", "HP2")
    with pytest.raises(PermissionDenied):
        _import(engine, actor, "HP1", dry_run=True)
    with pytest.raises(PermissionDenied):
        authorized_inspect(engine, actor, evaluations_csv("HP1"), file_name="hp.csv")
    assert count(engine, models.Evaluation) == 0
    assert count(engine, models.UploadBatch) == batches_before
    assert actions(engine)[-3:] == ["denied"] * 3


def test_authorized_import_refused_for_disabled_evaluator_with_live_session(engine, regions, admin, evaluator):
    set_active(engine, admin, "eva", False)
    with pytest.raises(PermissionDenied):
        _import(engine, evaluator, "HP1")
    assert count(engine, models.Evaluation) == 0


def test_authorized_import_by_evaluator_records_uploader_and_audit(engine, regions, evaluator):
    result = _import(engine, evaluator, "HP1", "HP2")
    assert result.status == "imported" and result.rows_written == 2
    with engine.connect() as conn:
        uploader = conn.scalar(models.UploadBatch.__table__.select()  # type: ignore[attr-defined]
                               .with_only_columns(models.UploadBatch.uploader)
                               .where(models.UploadBatch.id == result.batch_id))
    assert uploader == "eva"
    entry = audit_entries(engine, actions=["import"]).iloc[0]
    assert entry["actor"] == "eva" and entry["target"] == f"批次 #{result.batch_id}"
    assert '"rows_written": 2' in entry["details"] and "hp.csv" in entry["details"]


def test_authorized_import_rejected_file_is_not_audited_as_import(engine, regions, evaluator):
    before = actions(engine)
    bad = authorized_import(engine, evaluator, "evaluations", "评价编号,区县代码\nHP1,123\n".encode(),
                            file_name="bad.csv")
    assert bad.status == "rejected"
    assert actions(engine) == before


def test_authorized_import_refuses_uploader_argument(engine, evaluator):
    with pytest.raises(TypeError):
        _import(engine, evaluator, "HP1", uploader="someone else")


def test_authorized_undo_evaluator_only_own_batches(engine, regions, admin, evaluator):
    other = make_user(engine, "eve", "evaluator")
    own = _import(engine, evaluator, "HP1").batch_id
    theirs = _import(engine, other, "HP2").batch_id
    with pytest.raises(PermissionDenied, match="不是您上传的"):
        authorized_undo(engine, evaluator, theirs)
    assert count(engine, models.Evaluation) == 2
    assert authorized_undo(engine, evaluator, own).ok
    assert authorized_undo(engine, admin, theirs).ok
    assert count(engine, models.Evaluation) == 0
    undo = audit_entries(engine, actions=["undo"])
    assert set(undo["actor"]) == {"eva", "admin1"}
    assert audit_entries(engine, actions=["denied"])["details"].str.contains("not_owner").any()


def test_authorized_undo_refused_for_viewer(engine, regions, evaluator, viewer):
    batch = _import(engine, evaluator, "HP1").batch_id
    with pytest.raises(PermissionDenied):
        authorized_undo(engine, viewer, batch)
    assert count(engine, models.Evaluation) == 1


def test_authorized_import_replace_own_batch_is_audited_as_replace(engine, regions, evaluator):
    first = _import(engine, evaluator, "HP1", "HP2").batch_id
    corrected = authorized_import(engine, evaluator, "evaluations", io.BytesIO(evaluations_csv("HP1", "HP2", "HP3")),
                                  file_name="hp-fixed.csv", replace=True)
    assert corrected.status == "imported" and corrected.replaced_batch_ids == [first]
    assert count(engine, models.Evaluation) == 3
    assert actions(engine)[-1] == "replace"


def test_authorized_import_replace_of_anothers_batch_refused_for_evaluator(engine, regions, admin, evaluator):
    theirs = _import(engine, admin, "HP1").batch_id
    with pytest.raises(PermissionDenied, match=f"#{theirs}"):
        _import(engine, evaluator, "HP1", "HP2", replace=True)
    assert count(engine, models.Evaluation) == 1
    assert _import(engine, admin, "HP1", "HP2", replace=True).replaced_batch_ids == [theirs]


def test_can_change_batch_matches_service_rules(engine, admin, evaluator, viewer):
    assert can_change_batch(evaluator, "eva") and not can_change_batch(evaluator, "admin1")
    assert can_change_batch(admin, "eva") and can_change_batch(admin, "示例数据")
    assert not can_change_batch(viewer, "vic") and not can_change_batch(None, "eva")


def test_foreign_batches_names_others_batches_for_evaluators_only(engine, regions, admin, evaluator):
    from govdash.services.uploads import foreign_batches

    own = _import(engine, evaluator, "HP1").batch_id
    theirs = _import(engine, admin, "HP2").batch_id
    assert foreign_batches(engine, evaluator, [own, theirs]) == [theirs]
    assert foreign_batches(engine, admin, [own, theirs]) == []
