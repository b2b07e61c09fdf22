"""Generate the whole sample in memory, and write it as the upload files of ``data/sample/``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from govdash.frameworks import Framework
from govdash.synthetic import (
    catalog,
    demands,
    evaluations,
    organisation,
    profiles,
    reported,
    services,
    surveys,
)
from govdash.synthetic.output import SAMPLE_FILES, SampleFile, file_frame, wide_survey_frame, write_csv
from govdash.synthetic.spec import SampleSpec


@dataclass(frozen=True)
class SampleData:
    """Every generated table, in the file form (Chinese words for enumerations) plus helper columns.

    ``districts`` and ``levels`` are the story behind the data: who each district is and its maturity level per
    quarter. The other frames carry a ``district`` column (row in ``districts``) besides the upload columns.
    """

    spec: SampleSpec
    districts: pd.DataFrame
    levels: np.ndarray
    regions: pd.DataFrame
    departments: pd.DataFrame
    catalog: pd.DataFrame
    responsibilities: pd.DataFrame
    demands: pd.DataFrame
    service_items: pd.DataFrame
    evaluations: pd.DataFrame
    survey_long: pd.DataFrame
    survey_wide: pd.DataFrame
    reported: pd.DataFrame


def generate_sample(spec: SampleSpec | None = None, *, frameworks: dict[str, Framework] | None = None,
                    with_evaluations: bool = True) -> SampleData:
    """Generate every table of a sample; the same spec always gives the same data.

    Args:
        spec: sizes and seed (default: the shipped sample of 示例市).
        frameworks: the frameworks whose reported indicators get values (default: ``data/frameworks``).
        with_evaluations: False leaves ``evaluations`` empty, for callers streaming them with
            ``evaluation_chunks`` at large sizes.
    """
    spec = spec or SampleSpec()
    districts = profiles.district_table(spec)
    levels = profiles.level_matrix(districts, spec.n_periods)
    depts = organisation.departments_frame(spec, districts)
    entries = catalog.catalog_entries(spec, depts, levels)
    catalog_rows = catalog.catalog_snapshots(spec, entries, levels)
    items = services.service_item_master(spec, districts, depts)
    item_rows = services.service_item_snapshots(spec, items, districts, levels)
    return SampleData(
        spec=spec, districts=districts, levels=levels,
        regions=organisation.regions_frame(districts), departments=depts, catalog=catalog_rows,
        responsibilities=catalog.responsibilities(spec, entries, levels),
        demands=demands.demands(spec, districts, depts, catalog_rows, levels),
        service_items=item_rows,
        evaluations=(evaluations.evaluations(spec, item_rows, levels) if with_evaluations
                     else pd.DataFrame()),
        survey_long=surveys.survey_long(spec, districts, levels),
        survey_wide=surveys.survey_wide(spec, districts, levels),
        reported=reported.reported_values(spec, districts, levels, frameworks),
    )


def _file_parts(data: SampleData, sample_file: SampleFile) -> Iterator[pd.DataFrame]:
    """Yield the text frames of one file; evaluations chunk by chunk when they were not kept in memory."""
    kind, omit = sample_file.kind, sample_file.omit
    frame_name = sample_file.frame
    if frame_name == "survey_wide":
        yield wide_survey_frame(data.survey_wide)
    elif frame_name == "reported":
        yield file_frame(kind, data.reported.assign(indicator_code=data.reported["indicator_name"]), omit=omit)
    elif frame_name == "survey_long":
        # The export names each question once, on the first answer sheet; the dashboards read it from there.
        answers = data.survey_long
        first = ~answers.duplicated(["survey_code", "question_code"])
        yield file_frame(kind, answers.assign(question_text=answers["question_text"].where(first)), omit=omit)
    elif frame_name == "evaluations" and data.evaluations.empty:
        for chunk in evaluations.evaluation_chunks(data.spec, data.service_items, data.levels):
            yield file_frame(kind, chunk, omit=omit)
    else:
        yield file_frame(kind, getattr(data, frame_name), omit=omit)


def write_sample(data: SampleData, directory: Path) -> dict[str, int]:
    """Write every sample file into ``directory``; return the data rows written per file name."""
    directory.mkdir(parents=True, exist_ok=True)
    return {f.name: write_csv(directory / f.name, _file_parts(data, f), f.encoding) for f in SAMPLE_FILES}

