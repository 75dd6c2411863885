"""A deterministic synthetic archive shaped like the real one: registries, N records, an About page."""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .words import (
    BODY_WORDS,
    CITIES,
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    ORGANIZATION_WORDS,
    ORIGINAL_NAMES,
    PUBLISHERS,
    ROLE_TITLES,
)

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "content" / "vocabulary.yaml"
LEADERS = 300
ORGANIZATIONS = 100
TAGS = 400
FIRST_YEAR, LAST_YEAR = 2009, 2025
ORGANIZATION_KINDS = ("intergovernmental", "un-agency", "government", "ministry", "embassy", "ngo")
QUALIFIERS = ("exact", "about", "more-than", "at-least", "fewer-than", "up-to")


@dataclass
class Vocabulary:
    """The slugs and labels of the real vocabulary, which the synthetic records all use."""

    types: dict[str, str]
    platforms: dict[str, str]
    measures: list[str]


@dataclass
class SyntheticEvent:
    """One generated record: its slug, front matter (plain YAML data) and Markdown body."""

    slug: str
    year: int
    front: dict[str, Any]
    body: str

    @property
    def relative_path(self) -> str:
        """Where the record lives under `content/`."""
        return f"events/{self.year}/{self.slug}.md"


@dataclass
class SyntheticArchive:
    """What the generator wrote, for the plain-Pelican and Hugo variants of the same records."""

    content: Path
    vocabulary: Vocabulary
    names: dict[str, str]
    events: list[SyntheticEvent] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    """Every event type, platform and measure of the real vocabulary."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Vocabulary(
        types={slug: entry["label"] for slug, entry in data["event_types"].items()},
        platforms={slug: entry["label"] for slug, entry in data["platforms"].items()},
        measures=list(data["measures"]),
    )


def _partial(rng: random.Random, year: int, day_share: float = 0.8) -> str:
    """A date in `year` known to the day (mostly), the month, or only the year."""
    roll = rng.random()
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if roll < day_share:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < day_share + (1 - day_share) * 0.65:
        return f"{year}-{month:02d}"
    return str(year)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(BODY_WORDS) for _ in range(count))


def _sentence(rng: random.Random, count: int) -> str:
    text = _words(rng, count)
    return text[0].upper() + text[1:] + "."


def _source(rng: random.Random, index: int, year: int, slug: str) -> tuple[str, dict[str, Any]]:
    """A new source file (its id and fields) for the record `slug`."""
    publisher = rng.choice(PUBLISHERS)
    source: dict[str, Any] = {
        "kind": "news-article",
        "publisher": publisher,
        "title": _sentence(rng, rng.randint(5, 10)).rstrip("."),
    }
    if rng.random() < 0.85:
        source["date"] = _partial(rng, min(year + rng.randint(0, 1), LAST_YEAR), 0.9)
    source["language"] = "en"
    if rng.random() < 0.9:
        source["url"] = f"https://news.example.org/{year}/{slug}-{index}"
        if rng.random() < 0.3:
            source["archived_url"] = f"https://web.archive.org/web/{year}/{source['url']}"
    else:
        source["url_note"] = "No copy of the article was found online."
    return f"{slug}-{index}", source


def _accounts(rng: random.Random, vocabulary: Vocabulary, handle: str) -> list[dict[str, Any]]:
    accounts = []
    for platform in rng.sample(list(vocabulary.platforms), rng.randint(1, 3)):
        account: dict[str, Any] = {"platform": platform, "handle": f"@{handle}"}
        if rng.random() < 0.7:
            account["url"] = f"https://{platform}.example.com/{handle}"
        if rng.random() < 0.5:
            account["opened"] = _partial(rng, rng.randint(FIRST_YEAR - 3, LAST_YEAR))
        accounts.append(account)
    return accounts


def _registry_source(name: str) -> dict[str, Any]:
    return {
        "kind": "official-page",
        "publisher": "Official website",
        "title": f"Biography of {name}",
        "language": "en",
        "url": f"https://www.example.org/{slugify(name)}",
    }


def profile_source_id(slug: str) -> str:
    """The id of the official page that a leader's or organization's entry cites."""
    return f"profile-{slug}"


def _organizations(rng: random.Random, vocabulary: Vocabulary) -> dict[str, dict[str, Any]]:
    organizations: dict[str, dict[str, Any]] = {}
    for index in range(ORGANIZATIONS):
        word = ORGANIZATION_WORDS[index % len(ORGANIZATION_WORDS)]
        country = COUNTRIES[index % len(COUNTRIES)]
        kind = ORGANIZATION_KINDS[index % len(ORGANIZATION_KINDS)]
        name = f"{word} {kind.replace('-', ' ').title()} of {country} {index}"
        slug = slugify(name)
        record: dict[str, Any] = {"name": name, "kind": kind}
        if kind in ("government", "ministry", "embassy"):
            record["country"] = country
        if index and rng.random() < 0.2:
            record["parent"] = rng.choice(list(organizations))
        if rng.random() < 0.4:
            record["wikidata"] = f"Q{rng.randint(1, 9_999_999)}"
        record["accounts"] = _accounts(rng, vocabulary, slug.replace("-", "_")[:15])
        record["bio"] = _sentence(rng, rng.randint(20, 40))
        record["sources"] = [profile_source_id(slug)]
        organizations[slug] = record
    return organizations


def _leaders(
    rng: random.Random, vocabulary: Vocabulary, organizations: list[str]
) -> dict[str, dict[str, Any]]:
    leaders: dict[str, dict[str, Any]] = {}
    for index in range(LEADERS):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index // len(FIRST_NAMES) + index) % len(LAST_NAMES)]
        name = f"{first} {last}"
        slug = slugify(name)
        if slug in leaders:
            name, slug = f"{name} {index}", f"{slug}-{index}"
        record: dict[str, Any] = {"name": name}
        if rng.random() < 0.3:
            text, lang = rng.choice(ORIGINAL_NAMES)
            record["original_name"] = {"text": text, "lang": lang}
        roles = []
        for _ in range(rng.randint(1, 2)):
            start = rng.randint(FIRST_YEAR - 5, LAST_YEAR)
            role: dict[str, Any] = {"title": rng.choice(ROLE_TITLES)}
            if rng.random() < 0.5:
                role["organization"] = rng.choice(organizations)
            else:
                role["country"] = rng.choice(COUNTRIES)
            role["start"] = _partial(rng, start)
            if rng.random() < 0.5 and start < LAST_YEAR:
                role["end"] = str(rng.randint(start + 1, LAST_YEAR))
            role["source"] = profile_source_id(slug)
            roles.append(role)
        record["roles"] = roles
        record["accounts"] = _accounts(rng, vocabulary, slug.replace("-", "_"))
        if rng.random() < 0.4:
            record["wikidata"] = f"Q{rng.randint(1, 9_999_999)}"
        record["bio"] = _sentence(rng, rng.randint(20, 40))
        record["sources"] = [profile_source_id(slug)]
        leaders[slug] = record
    return leaders


def _tag_pool() -> list[str]:
    words = [w.lower() for w in ORGANIZATION_WORDS]
    return [f"{a}-{b}" for a in words for b in words if a != b][:TAGS]


def _metric(
    rng: random.Random,
    involved: list[str],
    platforms: list[str],
    sources: dict[str, dict[str, Any]],
    measures: list,
) -> dict[str, Any]:
    metric: dict[str, Any] = {"subject": rng.choice(involved)}
    if platforms and rng.random() < 0.8:
        metric["platform"] = rng.choice(platforms)
    metric["measure"] = rng.choice(measures)
    metric["value"] = rng.choice((1, 10, 100, 1000, 10_000)) * rng.randint(1, 999)
    if rng.random() < 0.6:
        metric["qualifier"] = rng.choice(QUALIFIERS)
    source_id = rng.choice(sorted(sources))
    source = sources[source_id]
    if "date" in source and rng.random() < 0.5:
        metric["as_of"] = source["date"]
    metric["source"] = source_id
    metric["quote"] = (
        f"The {metric['measure'].replace('-', ' ')} reached {metric['value']:,}, it said."
    )
    return metric


def _body(rng: random.Random, earlier: list[SyntheticEvent], slug: str) -> str:
    """About 150 words in three paragraphs, with links to another record and to the web."""
    paragraphs = []
    for number in range(3):
        sentences = [_sentence(rng, rng.randint(10, 16)) for _ in range(4)]
        if number == 0:
            other = rng.choice(earlier) if earlier else None
            target = f"/events/{other.year}/{other.slug}/" if other else "/about/"
            sentences[1] = f"It followed [an earlier event]({target})."
        if number == 1:
            sentences[2] = f"The [official account](https://social.example.com/{slug}) posted it."
        if number == 2:
            sentences[0] = f"*{sentences[0]}* It was covered by **{rng.choice(PUBLISHERS)}**."
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.2:
        paragraphs.append("\n".join(f"- {_sentence(rng, 6)}" for _ in range(3)))
    return "\n\n".join(paragraphs) + "\n"


def _event(
    rng: random.Random,
    index: int,
    archive: SyntheticArchive,
    leaders: list[str],
    organizations: list[str],
    weights: tuple[list[float], list[float]],
    tags: list[str],
) -> SyntheticEvent:
    vocabulary = archive.vocabulary
    type_slug = list(vocabulary.types)[index % len(vocabulary.types)]
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    date = _partial(rng, year)
    chosen_leaders: list[str] = []
    chosen_organizations: list[str] = []
    if rng.random() < 0.85:
        chosen_leaders = sorted(set(rng.choices(leaders, weights[0], k=rng.randint(1, 3))))
    if not chosen_leaders or rng.random() < 0.5:
        chosen_organizations = sorted(
            set(rng.choices(organizations, weights[1], k=rng.randint(1, 2)))
        )
    involved = chosen_leaders + chosen_organizations
    platforms = rng.sample(list(vocabulary.platforms), rng.randint(1, 2))
    subject = archive.names[involved[0]]
    title = (
        f"{subject}: {vocabulary.types[type_slug].lower()} on {vocabulary.platforms[platforms[0]]}"
    )
    slug = f"{slugify(type_slug)}-{slugify(subject)}-{index}"
    # As in the real archive, records often cite a document that earlier records cite too.
    sources = dict(_source(rng, k + 1, year, slug) for k in range(rng.randint(1, 3)))
    if archive.sources and rng.random() < 0.3:
        shared = rng.choice(list(archive.sources)[-200:])
        sources[shared] = archive.sources[shared]
    archive.sources.update(sources)
    front: dict[str, Any] = {
        "title": title,
        "summary": _sentence(rng, rng.randint(12, 20)),
        "date": date,
    }
    if len(date) == 10 and rng.random() < 0.1:
        end = dt.date.fromisoformat(date) + dt.timedelta(days=rng.randint(1, 4))
        if end.year == year:
            front["end_date"] = end.isoformat()
    if len(date) < 10 and rng.random() < 0.5:
        front["date_note"] = "The sources give no more precise date."
    front |= {"type": type_slug, "platforms": platforms}
    if chosen_leaders:
        front["leaders"] = chosen_leaders
    if chosen_organizations:
        front["organizations"] = chosen_organizations
    if rng.random() < 0.6:
        front["location"] = {"name": rng.choice(CITIES), "country": rng.choice(COUNTRIES)}
    metrics = [
        _metric(rng, involved, platforms, sources, vocabulary.measures)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))
    ]
    if metrics:
        front["metrics"] = metrics
    front["sources"] = list(sources)
    chosen_tags = sorted(set(rng.sample(tags, rng.randint(0, 3))))
    if chosen_tags:
        front["tags"] = chosen_tags
    added = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    front["added"] = added.isoformat()
    if rng.random() < 0.15:
        front["modified"] = (added + dt.timedelta(days=rng.randint(1, 60))).isoformat()
    return SyntheticEvent(slug, year, front, _body(rng, archive.events[-50:], slug))


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_event(content: Path, event: SyntheticEvent) -> Path:
    """Write one record as YAML front matter and a Markdown body."""
    path = content / event.relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{_dump(event.front)}---\n{event.body}", encoding="utf-8")
    return path


def generate(content: Path, count: int, seed: int = 2012) -> SyntheticArchive:
    """Write a fresh archive of `count` records under `content/` (the same bytes for the same seed)."""
    if content.exists():
        shutil.rmtree(content)
    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    organizations = _organizations(rng, vocabulary)
    leaders = _leaders(rng, vocabulary, list(organizations))
    names = {slug: r["name"] for slug, r in (leaders | organizations).items()}
    archive = SyntheticArchive(content, vocabulary, names)
    for folder, records in (("leaders", leaders), ("organizations", organizations)):
        (content / folder).mkdir(parents=True)
        for slug, record in records.items():
            (content / folder / f"{slug}.yaml").write_text(_dump(record), encoding="utf-8")
            archive.sources[profile_source_id(slug)] = _registry_source(record["name"])
    shutil.copyfile(VOCABULARY, content / "vocabulary.yaml")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About the archive\nslug: about\n---\nA synthetic archive for benchmarks.\n",
        encoding="utf-8",
    )
    # Popular leaders and organizations appear in many records, as in the real archive.
    weights = (
        [1 / (rank + 1) ** 0.8 for rank in range(len(leaders))],
        [1 / (rank + 1) ** 0.8 for rank in range(len(organizations))],
    )
    tags = _tag_pool()
    for index in range(count):
        event = _event(rng, index, archive, list(leaders), list(organizations), weights, tags)
        write_event(content, event)
        archive.events.append(event)
    (content / "sources").mkdir()
    for source_id, source in archive.sources.items():
        (content / "sources" / f"{source_id}.yaml").write_text(_dump(source), encoding="utf-8")
    return archive


def main() -> None:
    """Command line: write a synthetic archive, e.g. to look at it or check it by hand."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("-n", "--count", type=int, default=1000)
    args = parser.parse_args()
    archive = generate(args.content, args.count)
    print(f"wrote {len(archive.events)} records to {args.content}")


if __name__ == "__main__":
    main()
