"""Skip Pelican's category and author listings when no such page is written.

`ArticlesGenerator.generate_categories` (and `generate_authors`) compute, for every category,
`[a for a in self.dates if a in articles]`: a list scan per article, quadratic in the number of
records (all of them share one category and one author here), before `write()` discards the
page because CATEGORY_SAVE_AS and AUTHOR_SAVE_AS are empty. The context keeps its own lists.
"""

from __future__ import annotations

from typing import Any

LISTINGS = {"categories": "CATEGORY_SAVE_AS", "authors": "AUTHOR_SAVE_AS", "tags": "TAG_SAVE_AS"}


def skip_unwritten_listings(generator: Any) -> None:
    """`article_generator_finalized`: empty the generator's lists whose pages would not be written."""
    for attribute, setting in LISTINGS.items():
        if not generator.settings.get(setting):
            setattr(generator, attribute, type(getattr(generator, attribute))())
