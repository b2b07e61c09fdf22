"""Wide survey exports (one column per question) are melted into one row per answer."""

from __future__ import annotations

from govdash.services.imports import inspect_file
from tests.ingest.conftest import csv_bytes, rows_of, xlsx_bytes

WIDE_HEADER = "问卷编号,答卷编号,区县代码,提交时间,Q1 您对办事效率是否满意?,Q2、您对服务态度是否满意?,您还有什么建议的评分"
WIDE_ROWS = ["WJ-A,A1,990101,2025-11-12 09:30,4,5,3", "WJ-A,A2,990102,2025-11-13 10:00,3,,2"]


def test_import_wide_survey_melted(regions, engine, import_bytes):
    result = import_bytes("surveys", csv_bytes(WIDE_HEADER, WIDE_ROWS))
    assert result.status == "imported", result.report.to_frame()
    assert result.rows_written == 5  # A2 left Q2 unanswered
    answers = {(r["response_code"], r["question_code"]): r for r in rows_of(engine, "survey_answer")}
    assert set(answers) == {("A1", "Q1"), ("A1", "Q2"), ("A1", "Q3"), ("A2", "Q1"), ("A2", "Q3")}
    assert answers[("A1", "Q1")]["question_text"] == "您对办事效率是否满意?"
    assert answers[("A1", "Q2")]["question_text"] == "您对服务态度是否满意?"
    assert answers[("A2", "Q3")]["question_text"] == "您还有什么建议的评分"
    assert answers[("A1", "Q2")]["score"] == 5 and answers[("A2", "Q1")]["period"] == "2025Q4"


def test_import_wide_survey_bad_score_names_the_question_column(regions, import_bytes):
    result = import_bytes("surveys", csv_bytes(WIDE_HEADER, ["WJ-A,A1,990101,2025-11-12,4,很好,3"]))
    assert result.status == "rejected"
    issue = result.report.errors[0]
    assert (issue.row, issue.column, issue.value) == (2, "Q2、您对服务态度是否满意?", "很好")
    assert issue.message == "“得分”应为数字"


def test_import_wide_survey_from_xlsx(regions, engine, import_bytes):
    sheet = [WIDE_HEADER.split(","), *[r.split(",") for r in WIDE_ROWS]]
    result = import_bytes("surveys", xlsx_bytes({"问卷": sheet}), "survey.xlsx")
    assert result.status == "imported" and result.rows_written == 5


def test_inspect_file_recognizes_wide_survey():
    preview = inspect_file(csv_bytes(WIDE_HEADER, WIDE_ROWS), file_name="s.csv", kind="surveys")
    assert preview.wide_survey and preview.missing == []
