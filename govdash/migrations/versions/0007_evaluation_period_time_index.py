"""index evaluations by period and time, for the newest 差评 of a period

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 12:00:00.000000
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_evaluation_period_evaluated_at', 'evaluation', ['period', 'evaluated_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_evaluation_period_evaluated_at', table_name='evaluation')
