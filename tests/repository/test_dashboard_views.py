from datetime import datetime

from govdash.repository.dashboard_views import question_texts


def answer(response, question, text=None, when=datetime(2025, 8, 1, 9, 0)):
    return {"response_code": response, "question_code": question, "score": 4, "question_text": text,
            "submitted_at": when}


def test_question_texts_come_from_any_period_that_recorded_them(engine, seed):
    seed.answers(answer("R1", "Q1", "办事指南是否清晰", datetime(2024, 2, 1, 9, 0)), answer("R1", "Q2"))
    seed.answers(answer("R2", "Q1"), answer("R2", "Q2", ""), answer("R2", "Q3", "窗口服务态度"))
    texts = question_texts(engine)
    assert texts.to_dict("records") == [
        {"survey_code": "WJ", "question_code": "Q1", "question_text": "办事指南是否清晰"},
        {"survey_code": "WJ", "question_code": "Q3", "question_text": "窗口服务态度"},
    ]


def test_question_texts_of_an_empty_database_is_an_empty_frame(engine, seed):
    assert question_texts(engine).empty
