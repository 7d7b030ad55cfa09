"""The first schema: learners, attempts with their decisions and broken rules, workshops with attendance,
self-assessments.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("learner_key", sa.String(32), primary_key=True),
        sa.Column("unit", sa.String(120)),
        sa.Column("role", sa.String(60)),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "attempts",
        sa.Column("attempt_key", sa.String(32), primary_key=True),
        sa.Column(
            "learner_key", sa.String(32), sa.ForeignKey("learners.learner_key", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("case_id", sa.String(80), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("unit", sa.String(120)),
        sa.Column("role", sa.String(60)),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("finished_on", sa.Date),
        sa.Column("score", sa.SmallInteger),
        sa.Column("passed", sa.Boolean),
        sa.CheckConstraint("score IS NULL OR (score BETWEEN 0 AND 100)", name="attempts_score_range"),
    )
    op.create_index("attempts_by_learner", "attempts", ["learner_key"])
    op.create_index("attempts_by_start", "attempts", ["started_on"])
    op.create_table(
        "attempt_decisions",
        sa.Column(
            "attempt_key", sa.String(32), sa.ForeignKey("attempts.attempt_key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("step", sa.SmallInteger, primary_key=True),
        sa.Column("node_id", sa.String(80), nullable=False),
        sa.Column("choice_id", sa.String(80), nullable=False),
        sa.CheckConstraint("step >= 0", name="attempt_decisions_step"),
    )
    op.create_table(
        "attempt_rules",
        sa.Column(
            "attempt_key", sa.String(32), sa.ForeignKey("attempts.attempt_key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("rule_id", sa.String(20), primary_key=True),
    )
    op.create_index("attempt_rules_by_rule", "attempt_rules", ["rule_id"])
    op.create_table(
        "workshops",
        sa.Column("workshop_key", sa.String(32), primary_key=True),
        sa.Column("case_id", sa.String(80), nullable=False),
        sa.Column("unit", sa.String(120)),
        sa.Column("season", sa.String(20)),
        sa.Column("plan_session_id", sa.String(80)),
        sa.Column("arena", sa.String(40)),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("reached_ending", sa.Boolean, nullable=False),
        sa.Column("decisions", sa.SmallInteger, nullable=False),
    )
    op.create_index("workshops_by_day", "workshops", ["held_on"])
    op.create_table(
        "workshop_attendance",
        sa.Column(
            "workshop_key",
            sa.String(32),
            sa.ForeignKey("workshops.workshop_key", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("unit", sa.String(120), primary_key=True),
        sa.Column("participants", sa.Integer, nullable=False),
        sa.CheckConstraint("participants > 0", name="workshop_attendance_positive"),
    )
    op.create_table(
        "self_assessments",
        sa.Column(
            "learner_key", sa.String(32), sa.ForeignKey("learners.learner_key", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("season", sa.String(20), primary_key=True),
        sa.Column("phase", sa.String(10), primary_key=True),
        sa.Column("unit", sa.String(120)),
        sa.Column("answered_on", sa.Date, nullable=False),
        *(sa.Column(f"q{n}", sa.SmallInteger, nullable=False) for n in range(1, 6)),
        sa.CheckConstraint("phase IN ('start', 'slutt')", name="self_assessments_phase"),
        *(sa.CheckConstraint(f"q{n} BETWEEN 1 AND 5", name=f"self_assessments_q{n}") for n in range(1, 6)),
    )


def downgrade() -> None:
    raise NotImplementedError("the shared store only migrates forward")
