"""Each round's invitation and reminder texts, Swedish and English (SPEC §8).

Revision ID: 0720
Revises: 0710
Create Date: 2026-12-02 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0720'
down_revision = '0710'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('round_mail_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("kind IN ('invitation', 'reminder')", name=op.f('ck_round_mail_texts_kind_known')),
    sa.CheckConstraint("language IN ('sv', 'en')", name=op.f('ck_round_mail_texts_language_known')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_round_mail_texts_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_mail_texts')),
    sa.UniqueConstraint('round_id', 'kind', 'language', name=op.f('uq_round_mail_texts_round_id'))
    )
    with op.batch_alter_table('round_mail_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_mail_texts_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('round_mail_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_mail_texts_round_id'))
    op.drop_table('round_mail_texts')
