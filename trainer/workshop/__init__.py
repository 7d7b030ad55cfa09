"""Group workshops: a BTI ressursperson runs a case for a group, which votes at each decision.

* :mod:`trainer.workshop.state` — the UI-agnostic workshop session (phases, votes, reveal, branch);
* :mod:`trainer.workshop.store` — everything recorded, in SQLite, as it happens;
* :mod:`trainer.workshop.server` — the small voting web server for participants' phones;
* :mod:`trainer.workshop.export` — the session summary (Markdown, HTML) and the year's CSV.

A screen (the Textual app or the plain terminal mode in :mod:`trainer.cli.workshop`) only renders what
these return and forwards the facilitator's key presses.
"""
