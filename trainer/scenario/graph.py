"""The scenario graph as Mermaid or Graphviz DOT, nodes coloured by the worst severity that can arise there."""

from __future__ import annotations

from trainer.scenario.model import Scenario

#: Fill colours per worst severity (none = no rule broken by any choice there).
COLOURS = {"kritisk": "#f4a7a7", "alvorlig": "#f7d08a", "mindre": "#fff2a8", None: "#d9ead3"}
ENDING_COLOURS = {"god": "#b6d7a8", "delvis": "#ffe599", "dårlig": "#ea9999"}


def _label(text: str) -> str:
    return text.replace('"', "'").replace("\n", " ")


def mermaid(scenario: Scenario, worst: dict[str, str | None]) -> str:
    """A Mermaid flowchart (paste into Markdown, GitLab, Obsidian …)."""
    lines = ["flowchart TD"]
    ids = {name: f"n{i}" for i, name in enumerate([*scenario.nodes, *scenario.endings])}
    for node_id, node in scenario.nodes.items():
        lines.append(f'    {ids[node_id]}["{_label(node.title or node_id)}<br/><small>{node_id}</small>"]')
    for ending_id, ending in scenario.endings.items():
        lines.append(f'    {ids[ending_id]}(["{_label(ending.title)}<br/><small>{ending_id}</small>"])')
    for node_id, node in scenario.nodes.items():
        for choice in node.choices:
            if choice.goto in ids:
                lines.append(f'    {ids[node_id]} -->|"{_label(choice.id)}"| {ids[choice.goto]}')
    for name, short in ids.items():
        colour = COLOURS.get(worst.get(name))
        if name in scenario.endings and worst.get(name) is None:
            colour = ENDING_COLOURS[scenario.endings[name].outcome]
        lines.append(f"    style {short} fill:{colour}")
    return "\n".join(lines) + "\n"


def dot(scenario: Scenario, worst: dict[str, str | None]) -> str:
    """A Graphviz DOT digraph (``dot -Tsvg``)."""
    lines = [f'digraph "{scenario.id}" {{', "    rankdir=TB;", '    node [style=filled, fontname="Helvetica"];']
    for node_id, node in scenario.nodes.items():
        colour = COLOURS.get(worst.get(node_id))
        lines.append(
            f'    "{node_id}" [shape=box, label="{_label(node.title or node_id)}\\n{node_id}", fillcolor="{colour}"];'
        )
    for ending_id, ending in scenario.endings.items():
        colour = COLOURS.get(worst.get(ending_id)) if worst.get(ending_id) else ENDING_COLOURS[ending.outcome]
        lines.append(
            f'    "{ending_id}" [shape=ellipse, label="{_label(ending.title)}\\n{ending_id}", fillcolor="{colour}"];'
        )
    for node_id, node in scenario.nodes.items():
        for choice in node.choices:
            lines.append(f'    "{node_id}" -> "{choice.goto}" [label="{_label(choice.id)}"];')
    lines.append("}")
    return "\n".join(lines) + "\n"
