"""好差评 cells: outcome counts per batch and (period, region, item, department) or (period, month, channel, department)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 13:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ('evaluations', 'good', 'bad', 'bad_rectified', 'bad_on_time', 'bad_called_back', 'active',
          'bad_unfounded', 'bad_real_name', 'bad_real_name_called_back')


def _counts() -> list[sa.Column]:
    return [sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS]


def upgrade() -> None:
    # Empty, and no watermark: the next refresh counts the cells of every stored batch from its records.
    op.create_table(
        'evaluation_cell',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('item_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        *_counts(),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_evaluation_cell_batch_id', 'evaluation_cell', ['batch_id'])
    op.create_index('ix_evaluation_cell_period_region', 'evaluation_cell', ['period', 'region_code'])
    op.create_table(
        'evaluation_month_cell',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('month', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('department', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        *_counts(),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_evaluation_month_cell_batch_id', 'evaluation_month_cell', ['batch_id'])
    op.create_index('ix_evaluation_month_cell_period', 'evaluation_month_cell', ['period'])


def downgrade() -> None:
    op.drop_index('ix_evaluation_month_cell_period', table_name='evaluation_month_cell')
    op.drop_index('ix_evaluation_month_cell_batch_id', table_name='evaluation_month_cell')
    op.drop_table('evaluation_month_cell')
    op.drop_index('ix_evaluation_cell_period_region', table_name='evaluation_cell')
    op.drop_index('ix_evaluation_cell_batch_id', table_name='evaluation_cell')
    op.drop_table('evaluation_cell')
