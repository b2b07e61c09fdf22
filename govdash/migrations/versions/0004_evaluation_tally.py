"""pre-aggregated 好差评 counts and their refresh state

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 08:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'evaluation_tally',
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('evaluations', sa.Integer(), nullable=False),
        sa.Column('good', sa.Integer(), nullable=False),
        sa.Column('bad', sa.Integer(), nullable=False),
        sa.Column('bad_rectified', sa.Integer(), nullable=False),
        sa.Column('bad_on_time', sa.Integer(), nullable=False),
        sa.Column('bad_called_back', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('period', 'region_code', 'batch_id'),
    )
    # No watermark row: the queries read the records until the first refresh builds the counts.
    op.create_table(
        'aggregate_state',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('batch_watermark', sa.Integer(), nullable=False),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('aggregate_state')
    op.drop_table('evaluation_tally')
