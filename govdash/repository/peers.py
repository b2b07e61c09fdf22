"""Peer groups of districts (中心城区 / 郊区 / 县): the districts a report card also ranks a district among.

A region's 同类组 is the ``peer_group`` column of the region upload (``region.peer_group``); this is the one
place the report card reads it. A district without one is ranked only in the city.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine

from govdash.core.models import Region
from govdash.repository._sql import read_frame, table_of

PEER_COLUMN = "peer_group"
NO_PEER_GROUP = "未设同类组"


def peer_groups(engine: Engine) -> dict[str, str]:
    """Return region code → peer group name, for the regions that have one (empty when none is recorded)."""
    r = table_of(Region).c
    frame = read_frame(engine, select(r.code, r.peer_group).where(r.peer_group.is_not(None)))
    return {str(code): str(group) for code, group in zip(frame["code"], frame[PEER_COLUMN], strict=True)
            if str(group).strip()}


def peer_rank(overall: pd.DataFrame, groups: dict[str, str], region_code: str) -> tuple[str, int, int] | None:
    """Return (group, rank, ranked count) of ``region_code`` among its peers in one period's ``overall`` rows.

    None when the district has no peer group or no score. Ties share the better place, as in the city ranking.
    """
    group = groups.get(region_code)
    if group is None:
        return None
    peers = overall[overall["region_code"].map(groups) == group].dropna(subset=["score"])
    if region_code not in set(peers["region_code"]):
        return None
    ranks = peers["score"].rank(ascending=False, method="min")
    place = int(ranks[peers["region_code"] == region_code].iloc[0])
    return group, place, len(peers)
