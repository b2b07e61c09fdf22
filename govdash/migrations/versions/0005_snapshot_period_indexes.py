"""service items and catalog entries indexed by period, then region

Picking each district's snapshot reads only ``(period, region_code)``; with the period first the database
finds a period's rows in this index alone instead of visiting every row through the ``(period, code)`` one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:05:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('service_item', schema=None) as batch_op:
        batch_op.create_index('ix_service_item_period_region', ['period', 'region_code'], unique=False)
    with op.batch_alter_table('catalog_entry', schema=None) as batch_op:
        batch_op.create_index('ix_catalog_period_region', ['period', 'region_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('catalog_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_catalog_period_region')
    with op.batch_alter_table('service_item', schema=None) as batch_op:
        batch_op.drop_index('ix_service_item_period_region')
