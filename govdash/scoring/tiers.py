"""Rating classes inside bands (UN-EGDI style: "very high" split into VH, V3, V2, V1), DOMAIN.md §3.5.

The classes of all bands, with a class-less band counting as one unnamed class, partition 0–100 the same way the
bands do, so one sorted search finds each score's class. Scores are rounded as for bands: a score exactly at a
class cut-off belongs to the higher class.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from govdash.frameworks.schema import Band
from govdash.scoring.bands import shown_scores


def assign_classes(scores: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    """Give each score the label of its rating class: None where its band has no classes or the score is missing.

    Args:
        scores: 0–100 scores, NaN where not computed.
        bands: the framework's bands, their ``classes`` resolved (as the schema loads them).
    """
    cuts: list[tuple[float, str | None]] = []
    for band in bands:
        cuts.extend((c.min, c.label) for c in band.classes) if band.classes else cuts.append((band.min, None))
    cuts.sort(key=lambda cut: cut[0])
    cutoffs = np.array([m for m, _label in cuts])
    labels = np.array([label for _m, label in cuts] + [None], dtype=object)
    rounded = shown_scores(scores)  # classes, like bands, go by the score as displayed
    index = np.searchsorted(cutoffs, rounded, side="right") - 1
    index = np.where(np.isnan(rounded) | (index < 0), len(cuts), index)
    return labels[index]


def band_text(band: object, band_class: object) -> str | None:
    """Show a band with its class as ``非常高 · VH`` (the band alone when it has no class, None when neither)."""
    if not isinstance(band, str):
        return None
    return f"{band} · {band_class}" if isinstance(band_class, str) and band_class else band
