"""Forum follow-up: per topic of a round, whether the forum covered it and in which session (SPEC §9).

Both columns are nullable: a topic nobody has recorded yet is neither covered nor not covered, and the priorities
API says `covered_at_forum: null` for it. Rounds that exist already have no record, which is the truth.

Revision ID: 1110
Revises: 1000
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1110'
down_revision = '1000'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('round_topics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('covered_at_forum', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('forum_session', sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table('round_topics', schema=None) as batch_op:
        batch_op.drop_column('forum_session')
        batch_op.drop_column('covered_at_forum')
