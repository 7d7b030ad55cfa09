"""The flows both faces use — the CLI (:mod:`trainer.cli`) and the TUI (:mod:`trainer.ui`) call these, never
each other: cases (open, play, finish, record), workshops (start, resume, voting page, export), the årshjul
(held sessions, this month, the next case), the author's preview and where a rule lives.

Nothing here imports Textual, and nothing below this package imports it (``make test`` checks both).
"""
