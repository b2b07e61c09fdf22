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
        sa.Column('evaluations', sa.Integer(), nullable=False),
        sa.Column('good', sa.Integer(), nullable=False),
        sa.Column('bad', sa.Integer(), nullable=False),
        sa.Column('bad_rectified', sa.Integer(), nullable=False),
        sa.Column('bad_on_time', sa.Integer(), nullable=False),
        sa.Column('bad_called_back', sa.Integer(), nullable=False),
        sa.Column('active', sa.Integer(), nullable=False),
        sa.Column('bad_unfounded', sa.Integer(), nullable=False),
        sa.Column('bad_real_name', sa.Integer(), nullable=False),
        sa.Column('bad_real_name_called_back', sa.Integer(), nullable=False),
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
        sa.Column('evaluations', sa.Integer(), nullable=False),
        sa.Column('good', sa.Integer(), nullable=False),
        sa.Column('bad', sa.Integer(), nullable=False),
        sa.Column('bad_rectified', sa.Integer(), nullable=False),
        sa.Column('bad_on_time', sa.Integer(), nullable=False),
        sa.Column('bad_called_back', sa.Integer(), nullable=False),
        sa.Column('active', sa.Integer(), nullable=False),
        sa.Column('bad_unfounded', sa.Integer(), nullable=False),
        sa.Column('bad_real_name', sa.Integer(), nullable=False),
        sa.Column('bad_real_name_called_back', sa.Integer(), nullable=False),
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
