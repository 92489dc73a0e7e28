"""Organisation types as reference data: a table of the known codes that organisations.type refers to.

Replaces the CHECK constraint that listed the five types, so a new type needs a row (written by `load-reference`
from the registry in vocabulary/organisation_types.py), not a migration. The five codes are written here as they
were on this date, not read from the registry, so the migration stays what it was when the registry grows.

Revision ID: 0600
Revises: 0500
Create Date: 2026-12-01 22:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0600'
down_revision = '0500'
branch_labels = None
depends_on = None

TYPES_AT_0600 = ('region', 'lst', 'kommun', 'agency', 'other')


def upgrade():
    organisation_types = op.create_table('organisation_types',
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_organisation_types'))
    )
    op.bulk_insert(organisation_types, [{'code': code} for code in TYPES_AT_0600])
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_organisations_type_known'), type_='check')
        batch_op.create_foreign_key(
            batch_op.f('fk_organisations_type_organisation_types'), 'organisation_types', ['type'], ['code']
        )


def downgrade():
    # Fails, as it should, while an organisation has a type added after 0600: the CHECK has no room for it.
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisations_type_organisation_types'), type_='foreignkey')
        batch_op.create_check_constraint(
            'type_known', sa.text("type IN ('region', 'lst', 'kommun', 'agency', 'other')")
        )
    op.drop_table('organisation_types')
