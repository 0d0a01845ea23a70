"""What an import did, by kind of thing: imported, updated, unchanged, skipped, with reasons."""

from collections import Counter, defaultdict

OUTCOMES = ("imported", "updated", "unchanged", "skipped")
KINDS = (
    "author", "tag", "post", "page", "comment", "image", "body image", "attachment", "menu item",
    "other",
)  # fmt: skip


class Report:
    def __init__(self):
        self.counts = defaultdict(Counter)  # kind → outcome → count
        self.reasons = Counter()  # (kind, reason) → count
        self.shortcodes = Counter()

    def count(self, kind: str, outcome: str, reason: str = "") -> None:
        self.counts[kind][outcome] += 1
        if reason:
            self.reasons[(kind, reason)] += 1

    def note(self, kind: str, reason: str) -> None:
        """Something worth telling about a thing that was still imported."""
        self.reasons[(kind, reason)] += 1

    def total(self, kind: str, outcome: str | None = None) -> int:
        counts = self.counts[kind]
        return counts[outcome] if outcome else sum(counts.values())

    def changed(self) -> int:
        return sum(c["imported"] + c["updated"] for c in self.counts.values())

    def table(self) -> str:
        """A plain-text table for the terminal, then the reasons, one per line."""
        kinds = [k for k in KINDS if self.counts.get(k)] + sorted(set(self.counts) - set(KINDS))
        width = max([len("what"), *map(len, kinds)])
        lines = ["  ".join(["what".ljust(width), *(o.rjust(9) for o in OUTCOMES)])]
        for kind in kinds:
            numbers = (str(self.counts[kind][o]).rjust(9) for o in OUTCOMES)
            lines.append("  ".join([kind.ljust(width), *numbers]))
        for (kind, reason), number in sorted(self.reasons.items()):
            lines.append(f"{kind}: {reason}: {number}")
        for name, number in sorted(self.shortcodes.items()):
            verb = "became a figure with its caption" if "caption" in name else "removed"
            lines.append(f"shortcode [{name}] {verb}: {number}")
        return "\n".join(lines)
