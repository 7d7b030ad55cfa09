"""The kommune's shared store: what the BTI coordinator's report needs, from many laptops, in one database.

SQLite in the user-data folder by default; the kommune's PostgreSQL when ``BTI_TRENER_DATABASE`` is set. It holds
only what the report needs (see :mod:`trainer.shared.schema`): finished and stopped workshops with their
attendance per unit, and — for learners who opt in — pseudonymous attempts and self-assessments. The live
working data (every vote of a running workshop, the learner's own progress) stays in the local SQLite stores.
"""
