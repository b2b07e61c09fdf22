"""stored scores of each framework, refreshed when batches change

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 14:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Empty until the next import or ``govdash refresh``: until then the pages score from the metrics.
    op.create_table(
        'score_snapshot',
        sa.Column('framework_code', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('framework_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('batch_watermark', sa.Integer(), nullable=False),
        sa.Column('inactive_batches', sa.Integer(), nullable=False),
        sa.Column('computed_at', sa.DateTime(), nullable=False),
        sa.Column('meta', sa.Text(), nullable=False),
        sa.Column('indicators', sa.LargeBinary(), nullable=False),
        sa.Column('dimensions', sa.LargeBinary(), nullable=False),
        sa.Column('overall', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('framework_code'),
    )


def downgrade() -> None:
    op.drop_table('score_snapshot')
