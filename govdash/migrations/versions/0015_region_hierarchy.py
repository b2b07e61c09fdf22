"""region codes of 街道 (9 digits) and 社区/村 (12 digits), and the 同类组 of a region

Every region code column widens from 6 to 12 characters; ``region`` gains ``peer_group``. Rows are kept: the
codes stored so far are 6-digit ones and stay valid.

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-02 16:45:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable): every column holding a region code.
_CODE_COLUMNS = (
    ('region', 'code', False),
    ('region', 'parent_code', True),
    ('department', 'region_code', False),
    ('catalog_entry', 'region_code', False),
    ('data_demand', 'region_code', False),
    ('data_responsibility', 'region_code', False),
    ('service_item', 'region_code', False),
    ('evaluation', 'region_code', False),
    ('survey_answer', 'region_code', False),
    ('reported_value', 'region_code', False),
    ('evaluation_tally', 'region_code', False),
    ('metric_value', 'region_code', False),
    ('boundary_shape', 'region_code', False),
)


def _widen(old: int, new: int) -> None:
    tables = dict.fromkeys(table for table, _column, _nullable in _CODE_COLUMNS)
    for table in tables:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column, nullable in _CODE_COLUMNS:
                if name == table:
                    batch_op.alter_column(column, existing_type=sqlmodel.sql.sqltypes.AutoString(length=old),
                                          type_=sqlmodel.sql.sqltypes.AutoString(length=new),
                                          existing_nullable=nullable)


def upgrade() -> None:
    _widen(6, 12)
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.add_column(sa.Column('peer_group', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_column('peer_group')
    _widen(12, 6)
