"""Long notes folded on the timeline: the first lines show, the rest opens on request."""

from dataclasses import dataclass

from django import template

register = template.Library()

# A note longer than this many lines or characters is folded after its first lines.
SHOWN_LINES = 3
SHOWN_CHARACTERS = 280


@dataclass
class FoldedNote:
    start: str
    rest: str  # empty when the whole note shows
    mid_line: bool = False  # the start stops inside a line: an ellipsis marks it


@register.filter
def fold_note(text: str) -> FoldedNote:
    text = (text or "").strip()
    lines = text.splitlines()
    start = "\n".join(lines[:SHOWN_LINES])
    if len(start) > SHOWN_CHARACTERS:
        # Cut at the last space before the limit, so no word is split.
        cut = start.rfind(" ", 0, SHOWN_CHARACTERS)
        start = start[: cut if cut > SHOWN_CHARACTERS // 2 else SHOWN_CHARACTERS]
    rest = text[len(start) :]
    if not rest.strip():
        return FoldedNote(start=text, rest="")
    return FoldedNote(start=start.rstrip(), rest=rest.strip(), mid_line=not rest.startswith("\n"))
