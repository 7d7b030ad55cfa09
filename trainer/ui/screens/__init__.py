"""The screens of the BTI-trener TUI, one per module."""
