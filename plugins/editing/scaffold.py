"""`make new-event`, `make new-source`, `make new-leader`, `make new-organization`: start a file at its
right path with every field present and commented, and placeholders that `make check` rejects until
they are filled."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import textwrap
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from pelican.utils import slugify as pelican_slugify
from records.dates import PartialDate
from records.events import EVENTS_FOLDER
from records.modelcheck import validate_model
from records.problems import did_you_mean
from records.registry import relative
from records.schema import SLUG_PATTERN, OrganizationKind, SourceKind, Vocabulary
from records.sources import SOURCES_FOLDER
from records.yamlsource import SourceError, parse_yaml, read_text

# Not a slug, a date or a URL, so `make check` rejects it wherever it is left; text fields that
# must be written start as "" (rejected as empty) with FILL-IN in their comment.
PLACEHOLDER = "FILL-IN"
MAX_SLUG_LENGTH = 80
# Pelican's default substitutions, with underscores treated as spaces: slugs are [a-z0-9-] only.
_SLUG_SUBSTITUTIONS = [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s_]+", "-"),
]

Kind = TypeVar("Kind", bound=StrEnum)


class ScaffoldError(Exception):
    """The command cannot write the file; the message says which argument to change and how."""


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens (`Stéphane Dujarric` → `stephane-dujarric`)."""
    slug = pelican_slugify(text, regex_subs=_SLUG_SUBSTITUTIONS).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), safe for any title or name."""
    return json.dumps(text, ensure_ascii=False)


def _choices(label: str, slugs: list[str]) -> str:
    """Comment lines listing the allowed slugs, wrapped to the line length of the records."""
    return textwrap.fill(
        ", ".join(slugs),
        width=98,
        initial_indent=f"# {label}: ",
        subsequent_indent="#   ",
        break_on_hyphens=False,
    )


def _comments_above(text: str) -> str:
    """Each `value  # comment` line as a comment line above the value: records refuse a comment
    after a value (YAML would drop text after ` #`), so the template writes none, even in the
    commented-out examples an editor may uncomment."""
    lines = []
    for line in text.split("\n"):
        prefix = "#" if line.startswith("#") else ""
        value, separator, comment = line[len(prefix) :].rpartition("  # ")
        if not separator or not value.strip() or value.lstrip().startswith("#"):
            lines.append(line)
            continue
        indent = value[: len(value) - len(value.lstrip(" "))]
        lines += [f"{prefix}{indent}# {comment}", f"{prefix}{value.rstrip()}"]
    return "\n".join(lines)


def source_text(title: str, publisher: str, kind: SourceKind, url: str) -> str:
    """A new source file with every field of `SourceRecord`."""
    kinds = ", ".join(k.value for k in SourceKind)
    address = _quoted(url) if url else PLACEHOLDER
    return _comments_above(f"""\
# New source: one published document. Replace every {PLACEHOLDER} (or delete the line where its
# comment says so), cite the source by its id (this file's name) in the `sources:` of a record,
# leader or organization, then run `make check`. Fields and sourcing: CONTRIBUTING.md.
kind: {kind.value}  # {kinds}
publisher: {_quoted(publisher)}  # who published it, as the document names itself
title: {_quoted(title)}  # its title as published; a description in [brackets] only if it has none
authors: []  # only where the document names them, e.g. [Zhao Shengnan]
date: {PLACEHOLDER}  # as precise as the document shows: YYYY, YYYY-MM or YYYY-MM-DD; delete if undated
language: {PLACEHOLDER}  # BCP 47 tag of the document's language, e.g. en, zh-Hans, fr
url: {address}  # the document's own address (http or https)
archived_url:  # an archived copy, only where its address is known (never construct one)
url_note:  # only when the document has no address: say why, and delete the url line
note:  # optional: one sentence on what it supports
""")


def event_text(
    title: str, date: PartialDate, event_type: str, added: dt.date, vocabulary: Vocabulary
) -> str:
    """The new record: front matter with every field of `EventRecord`, and an empty body."""
    return _comments_above(f"""\
---
# New event record. Replace every {PLACEHOLDER}, write the body below the closing line, then run
# `make check`: it fails until everything is filled in. Fields and sourcing: CONTRIBUTING.md.
title: {_quoted(title)}  # short factual title in our own words
summary: ""  # {PLACEHOLDER}: one sentence, in our own words, saying what happened
date: {date.iso()}  # when it happened: YYYY, YYYY-MM or YYYY-MM-DD, as precise as the sources allow
end_date:  # last day of a multi-day event; leave empty for a single day
date_note:  # how the date was derived when no source states it; leave empty otherwise
{_choices("event types", sorted(vocabulary.event_types))}
type: {event_type}
{_choices("platforms", sorted(vocabulary.platforms))}
platforms: [{PLACEHOLDER}]  # platform slugs; [] if the event used none
# At least one leader or organization; write [] for the list that has none.
leaders: [{PLACEHOLDER}]  # slugs of content/leaders/<slug>.yaml (`make new-leader` adds one)
organizations: [{PLACEHOLDER}]  # slugs of content/organizations/<slug>.yaml
location:  # where it happened, if a source says, e.g. {{name: Beijing, country: China}}
metrics: []  # figures a source states, one entry each, e.g.:
#  - subject: ban-ki-moon  # a leader or organization of this record
#    platform: sina-weibo  # optional
#    measure: followers  # a measure slug from content/vocabulary.yaml
#    value: 2000000  # the number as the source states it, no rounding
#    qualifier: more-than  # exact (default), about, more-than, at-least, fewer-than, up-to
#    as_of: 2012-07  # optional: when the figure held
#    source: un-news-ban-weibo-beijing  # one of the record's sources, below
#    quote: "attracted more than two million followers"  # the source's words stating the value
#    note:  # optional: what exactly was counted
posts: []  # posts a source quotes, one entry each, e.g.:
#  - author: ban-ki-moon  # a leader or organization
#    platform: sina-weibo
#    handle:  # optional: the account name as the source gives it
#    date: 2012-07  # optional: as precise as the source says
#    text: "大家好"  # the post in its original language, verbatim as the source quotes it
#    lang: zh-Hans  # BCP 47 tag of the post's language
#    translation: "Hello everyone"  # optional
#    translation_by: source  # with a translation: source (the source gives it) or archive (ours)
#    url:  # optional: the post's own address, only if the source gives it
#    source: un-news-ban-weibo-beijing  # one of the record's sources, below
# At least one: ids of files in content/sources/ (`make new-source` adds one). See "Sourcing".
sources: [{PLACEHOLDER}]
tags: []  # free keywords, as slugs
added: {added.isoformat()}  # the day the record entered the archive
modified:  # day of the last correction; leave empty in a new record
former_slugs: []  # earlier addresses (old-slug, or YYYY/slug after a year change), only once published
# {PLACEHOLDER}: below the closing line, describe the event in our own words (Markdown).
---
""")


def _profile_text(kind: str, name: str, extra: str) -> str:
    return _comments_above(f"""\
# New {kind}. Replace every {PLACEHOLDER} (or delete the entry it is in), then run `make check`:
# it fails until everything is filled in. Fields and sourcing: CONTRIBUTING.md.
name: {_quoted(name)}  # in English, as commonly written
original_name:  # in its own script when that is not Latin, e.g. {{text: 반기문, lang: ko}}
{extra}\
wikidata:  # Q-number, only where certain; leave empty otherwise
bio: ""  # {PLACEHOLDER}: one or two sentences in our own words
accounts:  # social-media accounts, one entry each; [] when none is known
  - platform: {PLACEHOLDER}  # a platform slug from content/vocabulary.yaml
    handle:  # the account name as shown on the platform
    url:  # link to the account
    opened:  # YYYY[-MM[-DD]], if known
    closed:  # if the account was closed
    source: {PLACEHOLDER}  # the id of one of this file's sources, below
    note:  # optional: how the source supports these facts, e.g. how a date was derived
# Ids of files in content/sources/ for the facts in this file (`make new-source` adds one).
sources: [{PLACEHOLDER}]
""")


def leader_text(name: str) -> str:
    """A new leader file with every field of `LeaderRecord`."""
    roles = f"""\
roles:  # offices held, oldest first; [] when none matters here
  - title: ""  # {PLACEHOLDER}: e.g. Secretary-General, Prime Minister
    organization:  # organization slug, when the office is held in one
    country:  # country, when it is a national office
    start:  # YYYY[-MM[-DD]], if known
    end:  # leave empty while the office is held
    source: {PLACEHOLDER}  # the id of one of this file's sources, below
"""
    return _profile_text("leader", name, roles)


def organization_text(name: str, kind: OrganizationKind) -> str:
    """A new organization file with every field of `OrganizationRecord`."""
    kinds = ", ".join(k.value for k in OrganizationKind)
    extra = f"""\
kind: {kind.value}  # {kinds}
country:  # country, for a national body
parent:  # slug of the organization it belongs to, if any
"""
    return _profile_text("organization", name, extra)


def _load_vocabulary(content: Path) -> Vocabulary:
    path = content / "vocabulary.yaml"
    try:
        doc = parse_yaml(read_text(path))
    except (SourceError, OSError) as err:
        raise ScaffoldError(
            f"{relative(path, content)}: cannot read the vocabulary: {err}"
        ) from None
    vocabulary, problems = validate_model(Vocabulary, doc, relative(path, content))
    if vocabulary is None:
        raise ScaffoldError("\n".join(str(p) for p in problems))
    return vocabulary


def _slug_for(text: str, slug: str | None, what: str) -> str:
    if not text.strip():
        raise ScaffoldError(f"{what} is required")
    chosen = slug or slugify(text)
    if not re.fullmatch(SLUG_PATTERN, chosen) or len(chosen) > MAX_SLUG_LENGTH:
        raise ScaffoldError(
            f"SLUG={chosen!r} is not a slug: use lowercase ASCII words joined by hyphens"
            if slug
            else f"{what}={text!r} gives no usable slug: pass SLUG=some-words"
        )
    return chosen


def _write_new(path: Path, text: str, content: Path) -> Path:
    """Create `path`; never replace an existing file (mode `x` refuses atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{relative(path, content)} already exists: edit it, or pass another SLUG=..."
        ) from None
    return path


def new_event(
    content: Path, title: str, date: str, event_type: str, slug: str | None, today: dt.date
) -> Path:
    """Write `events/YYYY/<slug>.md` for a new event, after checking DATE, TYPE and the slug."""
    try:
        when = PartialDate.parse(date)
    except ValueError:
        raise ScaffoldError(
            f"DATE={date!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source"
        ) from None
    vocabulary = _load_vocabulary(content)
    if event_type not in vocabulary.event_types:
        raise ScaffoldError(
            f"TYPE={event_type!r} is not an event type{did_you_mean(event_type, vocabulary.event_types)}; "
            f"known types: {', '.join(sorted(vocabulary.event_types))}"
        )
    chosen = _slug_for(title, slug, "TITLE")
    path = content / EVENTS_FOLDER / str(when.year) / f"{chosen}.md"
    taken = sorted(p for p in (content / EVENTS_FOLDER).glob(f"*/{chosen}.md") if p != path)
    if taken:
        raise ScaffoldError(
            f"slug '{chosen}' is already used by {relative(taken[0], content)}: pass SLUG=another-slug"
        )
    return _write_new(path, event_text(title, when, event_type, today, vocabulary), content)


def _kind(kinds: type[Kind], kind: str | None, what: str) -> Kind:
    """The KIND argument as one of `kinds`, or an error that names the known kinds."""
    try:
        return kinds(kind or "")
    except ValueError:
        known = [k.value for k in kinds]
        raise ScaffoldError(
            f"KIND={kind!r} is not a kind of {what}{did_you_mean(kind or '', known)}; "
            f"known kinds: {', '.join(known)}"
        ) from None


def new_profile(content: Path, folder: str, name: str, kind: str | None, slug: str | None) -> Path:
    """Write `leaders/<slug>.yaml` or `organizations/<slug>.yaml` for a new registry entry."""
    organization_kind = (
        _kind(OrganizationKind, kind, "organization") if folder == "organizations" else None
    )
    chosen = _slug_for(name, slug, "NAME")
    for other in ("leaders", "organizations"):
        existing = content / other / f"{chosen}.yaml"
        if other != folder and existing.exists():
            raise ScaffoldError(
                f"slug '{chosen}' is already used by {relative(existing, content)}: pass SLUG=another-slug"
            )
    text = (
        leader_text(name)
        if organization_kind is None
        else organization_text(name, organization_kind)
    )
    return _write_new(content / folder / f"{chosen}.yaml", text, content)


def new_source(
    content: Path, title: str, publisher: str, kind: str, url: str, slug: str | None
) -> Path:
    """Write `sources/<id>.yaml` for a new source; the id comes from the publisher and title."""
    source_kind = _kind(SourceKind, kind, "source")
    if not publisher.strip():
        raise ScaffoldError("PUBLISHER is required")
    if url and not re.fullmatch(r"https?://[^\s<>\"]+", url):
        raise ScaffoldError(f"URL={url!r} is not an http(s) address")
    chosen = _slug_for(f"{publisher} {title}" if title.strip() else "", slug, "TITLE")
    return _write_new(
        content / SOURCES_FOLDER / f"{chosen}.yaml",
        source_text(title, publisher, source_kind, url),
        content,
    )


def main(argv: list[str] | None = None) -> int:
    """Write one new file and say what to do next; exit 2 with a clear message on bad arguments."""
    parser = argparse.ArgumentParser(prog="python -m editing.scaffold", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--slug", default="", help="override the slug made from the title or name")
    commands = parser.add_subparsers(dest="command", required=True)
    event = commands.add_parser("event", help="make new-event TITLE=... DATE=... TYPE=...")
    event.add_argument("--title", default="")
    event.add_argument("--date", default="")
    event.add_argument("--type", default="")
    leader = commands.add_parser("leader", help='make new-leader NAME="..."')
    leader.add_argument("--name", default="")
    organization = commands.add_parser(
        "organization", help='make new-organization NAME="..." KIND=...'
    )
    organization.add_argument("--name", default="")
    organization.add_argument("--kind", default="")
    source = commands.add_parser(
        "source", help='make new-source TITLE="..." PUBLISHER="..." KIND=... [URL=...]'
    )
    source.add_argument("--title", default="")
    source.add_argument("--publisher", default="")
    source.add_argument("--kind", default="")
    source.add_argument("--url", default="")
    args = parser.parse_args(argv)
    args.content = args.content.resolve()
    try:
        if args.command == "event":
            path = new_event(
                args.content, args.title, args.date, args.type, args.slug or None, dt.date.today()
            )
        elif args.command == "source":
            path = new_source(
                args.content, args.title, args.publisher, args.kind, args.url, args.slug or None
            )
        else:
            folder = "leaders" if args.command == "leader" else "organizations"
            kind = getattr(args, "kind", None)
            path = new_profile(args.content, folder, args.name, kind, args.slug or None)
    except ScaffoldError as err:
        print(f"make new-{args.command}: {err}", file=sys.stderr)
        return 2
    print(f"wrote {relative(path, args.content)}: replace every {PLACEHOLDER}, then `make check`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
