"""The default tag taxonomy shipped in `resources/taxonomy.json`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from archive.resources import read_json

if TYPE_CHECKING:
    from archive.backends import ArchiveStore


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


def add_default_groups(store: ArchiveStore) -> None:
    """Give a new archive (a folder's or a server's) the shipped groups and their tags."""
    with store.transaction():
        for group in default_groups():
            store.add_tag(group.name, group.color)
            for tag in group.tags:
                store.add_tag(tag, group.color, parent=group.name)
