"""Peer groups are read from the region table's ``peer_group`` column; regions without one have none."""

from __future__ import annotations

from sqlalchemy import text

from govdash.repository.peers import peer_groups


def _regions(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (code, name, level) VALUES "
                          "('990100', '示例市', 'city'), ('990102', '滨江区', 'district'), "
                          "('990121', '梧桐县', 'district'), ('990109', '银滩区', 'district')"))


def test_no_peer_group_declared_means_no_groups(engine):
    _regions(engine)
    assert peer_groups(engine) == {}


def test_peer_group_column_gives_each_district_its_group(engine):
    _regions(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE region SET peer_group = '中心城区' WHERE code = '990102'"))
        conn.execute(text("UPDATE region SET peer_group = '县' WHERE code = '990121'"))
        conn.execute(text("UPDATE region SET peer_group = '' WHERE code = '990109'"))
    assert peer_groups(engine) == {"990102": "中心城区", "990121": "县"}
