"""The shared store's tables (SQLAlchemy Core), the one schema for SQLite and PostgreSQL.

Migrations are Alembic scripts in ``migrations/versions``; a test checks that they produce exactly these tables.
Nothing here holds a name, a note or free text: learners are a random key the learner can replace, workshops
are keyed by a hash of their random device salt, and every other column is an ID, a unit, a role, a date, a
count or a score.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
)

metadata = MetaData()
"""Every table of the shared store."""

learners = Table(
    "learners",
    metadata,
    Column("learner_key", String(32), primary_key=True),
    Column("unit", String(120)),
    Column("role", String(60)),
    Column("joined_at", DateTime(timezone=True), nullable=False),
)
"""A learner who shares: a random key (no name), the unit and role they gave (optional)."""

attempts = Table(
    "attempts",
    metadata,
    Column("attempt_key", String(32), primary_key=True),
    Column("learner_key", String(32), ForeignKey("learners.learner_key", ondelete="CASCADE"), nullable=False),
    Column("case_id", String(80), nullable=False),
    Column("mode", String(10), nullable=False),
    Column("unit", String(120)),
    Column("role", String(60)),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    Column("score", SmallInteger),
    Column("passed", Boolean),
    CheckConstraint("score IS NULL OR (score BETWEEN 0 AND 100)", name="attempts_score_range"),
    Index("attempts_by_learner", "learner_key"),
    Index("attempts_by_start", "started_on"),
)
"""One solo attempt: case, mode, unit and role at the time, dates, and — once finished — score and pass."""

attempt_decisions = Table(
    "attempt_decisions",
    metadata,
    Column("attempt_key", String(32), ForeignKey("attempts.attempt_key", ondelete="CASCADE"), primary_key=True),
    Column("step", SmallInteger, primary_key=True),
    Column("node_id", String(80), nullable=False),
    Column("choice_id", String(80), nullable=False),
    CheckConstraint("step >= 0", name="attempt_decisions_step"),
)
"""Each decision of an attempt as it is made (node and choice IDs), so an attempt cut short keeps what was done."""

attempt_rules = Table(
    "attempt_rules",
    metadata,
    Column("attempt_key", String(32), ForeignKey("attempts.attempt_key", ondelete="CASCADE"), primary_key=True),
    Column("rule_id", String(20), primary_key=True),
    Index("attempt_rules_by_rule", "rule_id"),
)
"""The rules a finished attempt broke (rule IDs only)."""

workshops = Table(
    "workshops",
    metadata,
    Column("workshop_key", String(32), primary_key=True),
    Column("case_id", String(80), nullable=False),
    Column("unit", String(120)),
    Column("season", String(20)),
    Column("plan_session_id", String(80)),
    Column("arena", String(40)),
    Column("held_on", Date, nullable=False),
    Column("reached_ending", Boolean, nullable=False),
    Column("decisions", SmallInteger, nullable=False),
    Index("workshops_by_day", "held_on"),
)
"""A workshop that was ended (finished or stopped early): the case, the unit, the årshjul session, the day."""

workshop_attendance = Table(
    "workshop_attendance",
    metadata,
    Column("workshop_key", String(32), ForeignKey("workshops.workshop_key", ondelete="CASCADE"), primary_key=True),
    Column("unit", String(120), primary_key=True),
    Column("participants", Integer, nullable=False),
    CheckConstraint("participants > 0", name="workshop_attendance_positive"),
)
"""Participants per unit at a workshop (counts typed in by the presenter, or the estimate from phones)."""

self_assessments = Table(
    "self_assessments",
    metadata,
    Column("learner_key", String(32), ForeignKey("learners.learner_key", ondelete="CASCADE"), primary_key=True),
    Column("season", String(20), primary_key=True),
    Column("phase", String(10), primary_key=True),
    Column("unit", String(120)),
    Column("answered_on", Date, nullable=False),
    *(Column(f"q{n}", SmallInteger, nullable=False) for n in range(1, 6)),
    CheckConstraint("phase IN ('start', 'slutt')", name="self_assessments_phase"),
    *(CheckConstraint(f"q{n} BETWEEN 1 AND 5", name=f"self_assessments_q{n}") for n in range(1, 6)),
)
"""A learner's before/after self-assessment of one season: five answers from 1 to 5."""
