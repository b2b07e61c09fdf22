"""district boundary sets for the maps

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 14:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'boundary_set',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('file_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('source_format', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('uploader', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('review_number', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
        sa.Column('code_property', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('features', sa.Integer(), nullable=False),
        sa.Column('districts', sa.Integer(), nullable=False),
        sa.Column('tolerance', sa.Float(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('replaces_set_id', sa.Integer(), nullable=True),
        sa.Column('undone_at', sa.DateTime(), nullable=True),
        sa.Column('undone_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['replaces_set_id'], ['boundary_set.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('boundary_set', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_boundary_set_sha256'), ['sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_boundary_set_status'), ['status'], unique=False)
    op.create_table(
        'boundary_shape',
        sa.Column('set_id', sa.Integer(), nullable=False),
        sa.Column('region_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('geometry', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['set_id'], ['boundary_set.id']),
        sa.PrimaryKeyConstraint('set_id', 'region_code'),
    )


def downgrade() -> None:
    op.drop_table('boundary_shape')
    with op.batch_alter_table('boundary_set', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_boundary_set_status'))
        batch_op.drop_index(batch_op.f('ix_boundary_set_sha256'))
    op.drop_table('boundary_set')
