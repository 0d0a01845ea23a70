"""Plain-text helpers shared by the apps."""

DESCRIPTION_LENGTH = 155  # what search engines show of a description


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """`text` on one line, cut at the last whole word that fits in `limit` characters with
    an ellipsis after it. A single word longer than `limit` is cut inside it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"
