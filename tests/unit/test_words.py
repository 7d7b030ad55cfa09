"""Counted words are Norwegian in every view: «1 stemme», «2 stemmer», «1 beslutning» (issue 18.5)."""

from __future__ import annotations

from trainer.render.words import NOUNS, counted, hands


def test_one_is_singular_and_everything_else_plural() -> None:
    assert counted(1, "stemme") == "1 stemme"
    assert [counted(n, "stemme") for n in (0, 2, 11)] == ["0 stemmer", "2 stemmer", "11 stemmer"]
    assert counted(1, "beslutning") == "1 beslutning" and counted(3, "beslutning") == "3 beslutninger"
    assert hands(1) == "1 hånd" and hands(4) == "4 hender"
    assert all(counted(1, noun) == f"1 {singular}" for noun, (singular, _) in NOUNS.items())
