"""outlet_page_index: an outlet's printings by date, for its page

The outlet page lists an outlet's newest printings and counts them; with only an index on
outlet_id, each request sorted all of the outlet's printings (about 2,900 for the busiest of the
100k benchmark). ix_appearance_outlet_published (outlet_id, published, id, quote_id,
deleted_at) gives them in date order, and counting reads the index alone; it replaces
ix_appearance_outlet_id, which is its prefix. Indexes only: no row changes.

Revision ID: cde54b221bf6
Revises: b01ae6cd0e47
Create Date: 2026-12-01 19:36:00.000000
"""

from collections.abc import Sequence

from alembic import op


revision: str = 'cde54b221bf6'
down_revision: str | None = 'b01ae6cd0e47'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table('appearance', schema=None) as batch_op:
        batch_op.create_index(
            'ix_appearance_outlet_published',
            ['outlet_id', 'published', 'id', 'quote_id', 'deleted_at'],
            unique=False,
        )
        batch_op.drop_index('ix_appearance_outlet_id')


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table('appearance', schema=None) as batch_op:
        batch_op.create_index('ix_appearance_outlet_id', ['outlet_id'], unique=False)
        batch_op.drop_index('ix_appearance_outlet_published')
