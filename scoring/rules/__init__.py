"""All rule families; importing this package registers every rule in :data:`REGISTRY`."""

from scoring.registry import REGISTRY
from scoring.rules import (  # noqa: F401  (imported to register their rules)
    akutt,
    arena,
    dokumentasjon,
    eskalering,
    medvirkning,
    opplysningsplikt,
    samtale,
    samtykke,
    slt,
    stafett,
    taushetsplikt,
    undring,
    vold,
)

__all__ = ["REGISTRY"]
