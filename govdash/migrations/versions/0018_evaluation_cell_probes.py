"""好差评 cells: indexes by (region, item, period) and (region, department, period) for the coverage probes

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 03:30:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_evaluation_cell_region_item', 'evaluation_cell', ['region_code', 'item_code', 'period'])
    op.create_index('ix_evaluation_cell_region_department', 'evaluation_cell',
                    ['region_code', 'department', 'period'])


def downgrade() -> None:
    op.drop_index('ix_evaluation_cell_region_department', table_name='evaluation_cell')
    op.drop_index('ix_evaluation_cell_region_item', table_name='evaluation_cell')
