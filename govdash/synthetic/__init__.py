"""Deterministic synthetic data: the sample of 示例市 and, at larger sizes, benchmark data sets.

Everything derives from one ``SampleSpec`` (sizes and seed), so the same spec gives the same files byte for
byte. The generator is vectorized with numpy; 好差评 records can be streamed in chunks at large sizes.
"""

from govdash.synthetic.evaluations import evaluation_chunks
from govdash.synthetic.output import SAMPLE_FILES, SampleFile, file_frame
from govdash.synthetic.sample import SampleData, generate_sample, write_sample
from govdash.synthetic.spec import DEMO_PERIODS, SampleSpec

__all__ = [
    "DEMO_PERIODS", "SAMPLE_FILES", "SampleData", "SampleFile", "SampleSpec",
    "evaluation_chunks", "file_frame", "generate_sample", "write_sample",
]
