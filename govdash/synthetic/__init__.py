"""Deterministic synthetic data: the sample of 示例市 and, at larger sizes, benchmark data sets.

Everything derives from one ``SampleSpec`` (sizes and seed), so the same spec gives the same files byte for
byte. The generator is vectorized with numpy; 好差评 records can be streamed in chunks at large sizes::

    spec = SampleSpec(n_districts=3_000, periods=("2025Q4",), catalog_entries=300_000,
                      service_items=200_000, evaluations=10_000_000, survey_a_per_cell=5, survey_b_per_cell=5)
    data = generate_sample(spec, with_evaluations=False)  # every table but the 好差评 records
    write_sample(data, Path("var/bench/sample"))  # streams evaluations.csv.gz chunk by chunk
    for chunk in evaluation_chunks(spec, data.service_items, data.levels): ...  # or use them in memory
"""

from govdash.synthetic.evaluations import evaluation_chunks
from govdash.synthetic.output import SAMPLE_FILES, SampleFile, file_frame
from govdash.synthetic.sample import SampleData, generate_sample, write_sample
from govdash.synthetic.spec import DEMO_PERIODS, SampleSpec

__all__ = [
    "DEMO_PERIODS", "SAMPLE_FILES", "SampleData", "SampleFile", "SampleSpec",
    "evaluation_chunks", "file_frame", "generate_sample", "write_sample",
]
