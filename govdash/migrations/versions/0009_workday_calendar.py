"""working-day calendar, applied on-time rule; 好差评 default ratings, verification, appeals, supervision

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 14:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TALLY_COUNTS = ('active', 'bad_unfounded', 'bad_real_name', 'bad_real_name_called_back')


def upgrade() -> None:
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_default', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('verification', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('appeal_result', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('supervised', sa.Boolean(), nullable=True))
    # The tally's new counts are filled by the next refresh; until then its state sends queries to the records.
    with op.batch_alter_table('evaluation_tally', schema=None) as batch_op:
        for name in TALLY_COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
    op.execute("DELETE FROM aggregate_state WHERE name = 'evaluation_tally'")
    op.create_table(
        'workday_override',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('is_workday', sa.Boolean(), nullable=False),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    # Filled by the next import or ``govdash refresh``, which also count the stored 差评 deadlines again.
    op.create_table(
        'workday',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('is_workday', sa.Boolean(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day'),
    )
    with op.batch_alter_table('workday', schema=None) as batch_op:
        batch_op.create_index('ix_workday_seq', ['seq', 'is_workday'], unique=False)
    op.create_table(
        'rectify_rule',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('working_days', sa.Integer(), nullable=False),
        sa.Column('calendar_digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    with op.batch_alter_table('evaluation_tally', schema=None) as batch_op:
        for name in TALLY_COUNTS:
            batch_op.drop_column(name)
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        for name in ('supervised', 'appeal_result', 'verification', 'is_default'):
            batch_op.drop_column(name)
    op.drop_table('rectify_rule')
    with op.batch_alter_table('workday', schema=None) as batch_op:
        batch_op.drop_index('ix_workday_seq')
    op.drop_table('workday')
    op.drop_table('workday_override')
