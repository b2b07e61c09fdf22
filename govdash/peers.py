"""Peer groups of districts (中心城区 / 郊区 / 县): the districts a report card also ranks a district among.

The region table has no peer-group attribute yet. This is the one place that reads it: when the table gains a
``peer_group`` column, every district with a value is ranked within its group, with nothing else to change.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine

from govdash.models import Region
from govdash.repository._sql import read_frame, table_of

PEER_COLUMN = "peer_group"
NO_PEER_GROUP = "未设同类组"


def peer_groups(engine: Engine) -> dict[str, str]:
    """Return district code → peer group name, for the districts that have one (empty when none is recorded)."""
    columns = {c["name"] for c in inspect(engine).get_columns(table_of(Region).name)}
    if PEER_COLUMN not in columns:
        return {}
    # Lightweight constructs: the column may exist in the database before the model declares it.
    frame = read_frame(engine, select(column("code"), column(PEER_COLUMN)).select_from(table(table_of(Region).name)))
    frame = frame.dropna(subset=[PEER_COLUMN])
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
