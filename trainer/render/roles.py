"""Role cards as text: the lines of one card (terminal facilitator, preview) and a node's cards as Markdown."""

from __future__ import annotations

from trainer.scenario.model import Node, RoleCard

CARD_LABELS: tuple[tuple[str, str], ...] = (
    ("knows", "Vet"),
    ("feels", "Føler"),
    ("wants", "Vil"),
    ("holds_back", "Sier bare hvis noen spør godt"),
)
"""The card's fields in the order shown, with their Norwegian labels."""


def card_lines(card: RoleCard) -> list[tuple[str, str]]:
    """(label, text) for each field the card fills in, in :data:`CARD_LABELS` order."""
    out: list[tuple[str, str]] = []
    for name, label in CARD_LABELS:
        value = getattr(card, name)
        if value:
            out.append((label, " ".join(str(value).split())))
    return out


def node_roles_markdown(node: Node) -> str:
    """A node's role cards for the author's preview (empty without cards); learners never see this."""
    if not node.roles:
        return ""
    out = ["", "---", "", "### Rollekort til rollespill i verksted", ""]
    for card in node.roles:
        who = f" ({card.person})" if card.person else ""
        out.append(f"**{card.role}**{who}")
        out.append("")
        out += [f"- {label}: {text}" for label, text in card_lines(card)]
        out.append("")
    return "\n".join(out)
