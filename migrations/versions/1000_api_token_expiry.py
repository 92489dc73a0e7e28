"""API tokens expire: `api_tokens.expires_at`, required.

A token that exists already gets the expiry it would have had if the rule had always held: a year after it was
created (`created_at` + 365 days), the default of `create-token --expires`. One rule for every token, old or new,
and no token lives longer than a year because it happens to predate the migration. No token can be older than a
year at this revision (the table came with 0100, in November 2026), so none dies on the upgrade.

Revision ID: 1000
Revises: 0720
Create Date: 2026-12-02 01:30:00

"""
from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1000'
down_revision = '0720'
branch_labels = None
depends_on = None

DAYS_AT_1000 = 365


def upgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
    tokens = sa.table(
        'api_tokens',
        sa.column('id', sa.Integer()),
        sa.column('created_at', sa.DateTime(timezone=True)),
        sa.column('expires_at', sa.DateTime(timezone=True)),
    )
    # Row by row in Python: date arithmetic in SQL differs between SQLite and PostgreSQL, and the table is small.
    connection = op.get_bind()
    for token_id, created_at in connection.execute(sa.select(tokens.c.id, tokens.c.created_at)).all():
        connection.execute(
            tokens.update()
            .where(tokens.c.id == token_id)
            .values(expires_at=created_at + timedelta(days=DAYS_AT_1000))
        )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
