"""Small lookups the dashboard pages need beside the metric and page queries.

Kept apart from the metric modules so a change to how those read their tables does not touch these.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from govdash.core.models import SurveyAnswer
from govdash.repository._sql import read_frame, table_of


def question_texts(engine: Engine) -> pd.DataFrame:
    """Return the wording of every survey question, from any period that recorded it.

    An export may carry a question's text on one row only (the first answer to it), so a quarter's answers
    alone can lack it. Columns: survey_code, question_code, question_text.
    """
    s = table_of(SurveyAnswer).c
    stmt = (select(s.survey_code, s.question_code, func.max(s.question_text).label("question_text"))
            .where(s.question_text.is_not(None), s.question_text != "")
            .group_by(s.survey_code, s.question_code).order_by(s.survey_code, s.question_code))
    return read_frame(engine, stmt)
