"""stored metric values and page tables, refreshed when batches change

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 11:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'metric_value',
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('metric', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('numerator', sa.Float(), nullable=True),
        sa.Column('denominator', sa.Float(), nullable=True),
        sa.Column('record_count', sa.Integer(), nullable=False),
        sa.Column('batch_ids', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('period', 'region_code', 'metric'),
    )
    op.create_index('ix_metric_value_metric_period', 'metric_value', ['metric', 'period'], unique=False)
    op.create_table(
        'page_table',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('name', 'variant', 'period'),
    )
    # Nothing is stored yet: the first refresh (an import, or ``govdash refresh``) builds both tables, and
    # until then the queries read the records.
    with op.batch_alter_table('aggregate_state') as batch:
        batch.add_column(sa.Column('inactive_batches', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('aggregate_state') as batch:
        batch.drop_column('inactive_batches')
    op.drop_table('page_table')
    op.drop_index('ix_metric_value_metric_period', table_name='metric_value')
    op.drop_table('metric_value')
