"""Plain-text and JSON renderings of sessions and reports, shared by the CLI and exports."""
