"""What each slug field of the records names, so that the form offers a choice instead of a text box.

Field names mean the same thing in every model (a `platform` is always a platform slug), so the
table is keyed by name. A slug field that is in neither table fails `tests/test_cms_config.py`:
a new reference must say what it refers to before it reaches the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from records.taxonomy import TAXONOMIES, Reference


@dataclass(frozen=True)
class VocabularyList:
    """A list of `content/vocabulary.yaml`: the form offers its entries as options."""

    name: str


@dataclass(frozen=True)
class Registry:
    """Files of one or more collections (leaders, organizations, sources): the form searches them."""

    collections: tuple[str, ...]


Target = VocabularyList | Registry


def _target(reference: Reference) -> Target:
    if reference.in_vocabulary:
        return VocabularyList(reference.collection)
    return Registry((reference.collection,))


REFERENCES: dict[str, Target] = {
    # The fields by which events name terms of a taxonomy, as the taxonomies declare them.
    **{t.reference.field: _target(t.reference) for t in TAXONOMIES if t.reference},
    "platform": VocabularyList("platforms"),
    "measure": VocabularyList("measures"),
    "organization": Registry(("organizations",)),
    "parent": Registry(("organizations",)),
    "subject": Registry(("leaders", "organizations")),
    "author": Registry(("leaders", "organizations")),
    "source": Registry(("sources",)),
    "sources": Registry(("sources",)),
}

# Slugs that name nothing else: editors write them.
FREE_SLUGS = frozenset({"tags", "former_slugs", "id"})
