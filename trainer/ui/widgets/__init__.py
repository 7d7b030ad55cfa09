"""Reusable widgets of the BTI-trener TUI."""
