"""Generated scenarios for analysis tests and benchmarks: layered graphs with realistic choices."""

from __future__ import annotations

from trainer.scenario.model import Scenario

#: A handful of realistic choices (good and bad) the generator repeats.
CHOICE_TEMPLATES = [
    [{"document": "observasjoner"}],
    [{"consult_leader": "leder"}],
    [{"talk": "barn", "moves": ["open_question"]}, {"document": "barnets ord"}],
    [{"talk": "barn", "moves": ["leading_question"]}],
    [{"share": "ppt"}],
    [{"ask_consent": "foreldre", "services": ["ppt"]}],
    [{"talk": "foreldre", "moves": ["concrete_observations"]}, {"document": "referat"}],
    [{"wait": 7}],
]


def layered(layers: int, width: int, branching: int = 2, loop: bool = False) -> Scenario:
    """``layers`` × ``width`` nodes; every node has ``branching`` choices into the next layer."""
    nodes: dict = {}
    for layer in range(layers):
        for column in range(width):
            node_id = f"l{layer}-{column}"
            choices = []
            for b in range(branching):
                goto = (
                    f"l{layer + 1}-{(column + b) % width}"
                    if layer + 1 < layers
                    else ("slutt-a" if b % 2 == 0 else "slutt-b")
                )
                template = CHOICE_TEMPLATES[(layer * 7 + column * 3 + b) % len(CHOICE_TEMPLATES)]
                choices.append({"id": f"c{b}", "text": "Et valg", "goto": goto, "actions": template})
            if loop and layer == 1 and column == 0:
                choices.append({"id": "tilbake", "text": "Gå tilbake", "goto": "l0-0", "actions": []})
            nodes[node_id] = {"text": "Tekst", "choices": choices}
    return Scenario.model_validate({
        "id": "generert", "title": "Generert", "summary": "s", "themes": ["undring"], "role": "skole",
        "age_band": "6-12", "modules": ["kartlegging-undring"], "facts": {"child_age": 9},
        "start": "l0-0", "nodes": nodes,
        "endings": {"slutt-a": {"title": "A", "text": "a"}, "slutt-b": {"title": "B", "text": "b"}},
    })
