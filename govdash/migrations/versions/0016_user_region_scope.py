"""data scope: the regions an evaluator or viewer account is bound to

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 17:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'user_region_scope',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['app_user.id']),
        sa.PrimaryKeyConstraint('user_id', 'region_code'),
    )


def downgrade() -> None:
    op.drop_table('user_region_scope')
