"""HTTP content negotiation: parse an Accept header with q-values and pick the best offer."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> bool:
        t, _, s = media_type.partition("/")
        return (self.type in ("*", t)) and (self.subtype in ("*", s))

    @property
    def specificity(self) -> int:
        return (self.type != "*") + (self.subtype != "*")


def parse_accept(header: str | None) -> list[MediaRange]:
    """``text/html;q=0.9, */*;q=0.1`` -> media ranges; malformed parts are skipped."""
    if not header:
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        t, _, s = media.partition("/")
        ranges.append(MediaRange(t, s, q, order))
    return ranges


def best_match(header: str | None, offers: list[str]) -> str | None:
    """The offer with the highest q (the most specific matching range decides an offer's q;
    ties go to the earlier offer, i.e. the server's preference). None when nothing is acceptable."""
    ranges = parse_accept(header)
    best, best_q = None, 0.0
    for offer in offers:
        matching = [r for r in ranges if r.matches(offer)]
        if not matching:
            continue
        decisive = max(matching, key=lambda r: (r.specificity, -r.order))
        if decisive.q > best_q:
            best, best_q = offer, decisive.q
    return best
