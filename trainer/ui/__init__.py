"""The Textual user interface of BTI-trener: the only package that imports Textual."""
