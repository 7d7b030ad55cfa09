"""Alembic migrations of the shared store (run by :func:`trainer.shared.database.upgrade`, never by hand)."""
