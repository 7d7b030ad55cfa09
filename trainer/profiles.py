"""Finding a kommune profile by bundled name or by the path of a kommune's own YAML file."""

from __future__ import annotations

from pathlib import Path

from scoring.profile import KommuneProfile, bundled_profile, bundled_profile_names
from trainer.scenario.load import load_model
from trainer.scenario.problems import Problem


class ProfileError(Exception):
    """The profile could not be found or read; ``problems`` say why, in Norwegian."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.format() for p in problems))


def find_profile(name_or_path: str) -> KommuneProfile:
    """A bundled profile by name (``standard``) or a kommune's file (``min-kommune.yaml``)."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        result = load_model(path, KommuneProfile)
        if result.value is None:
            raise ProfileError(result.problems)
        return result.value
    if name_or_path in bundled_profile_names():
        return bundled_profile(name_or_path)
    names = ", ".join(bundled_profile_names())
    raise ProfileError(
        [Problem(str(name_or_path), 1, 1, "PRO001", f"ukjent kommuneprofil «{name_or_path}»; finnes: {names}", "feil")]
    )
