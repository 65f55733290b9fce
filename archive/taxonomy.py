"""The default tag taxonomy shipped in `resources/taxonomy.json`."""

from __future__ import annotations

from dataclasses import dataclass

from archive.resources import read_json


@dataclass(frozen=True)
class TagGroup:
    name: str
    color: str
    tags: tuple[str, ...]
    keywords: tuple[str, ...]


def default_groups() -> list[TagGroup]:
    return [
        TagGroup(g["name"], g["color"], tuple(t["name"] for t in g.get("tags", ())),
                 tuple(g.get("keywords", ())))
        for g in read_json("taxonomy.json")["groups"]
    ]
