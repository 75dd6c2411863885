"""The record format, in one place: pydantic models from which the published JSON Schema is made."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    model_validator,
)
from pydantic.types import GetPydanticSchema
from pydantic_core import core_schema

from .characters import CONTROL_CLASS, NO_CONTROLS_PATTERN
from .dates import PARTIAL_DATE_PATTERN, PartialDate
from .linkpolicy import AUTHORITY_WITH_AT, web_address_problem

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Lists are bounded so that every value a record puts in one field of a published file stays
# under what readers accept: Python's csv module refuses a field over 131,072 characters, and the
# events CSV joins a record's source URLs (up to 2,000 characters each) into one field.
MAX_ENTRIES = 100
MAX_SOURCES = 50

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
# An earlier address of a record: its old slug (same year folder), or `YYYY/slug` in another year.
FORMER_ADDRESS_PATTERN = r"^([0-9]{4}/)?[a-z0-9]+(-[a-z0-9]+)*$"
FormerAddress = Annotated[str, StringConstraints(pattern=FORMER_ADDRESS_PATTERN, max_length=85)]
# Text reaches pages, feeds and data files, so it may hold no control character (see characters.py).
Text = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=500, pattern=NO_CONTROLS_PATTERN
    ),
]
LongText = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=5000, pattern=NO_CONTROLS_PATTERN
    ),
]


def web_address(text: str) -> str:
    """A URL field's value as browsers read it: an http(s) address with no user name or password."""
    problem = web_address_problem(text)
    if problem:
        raise ValueError(problem)
    return text


# No backslash before `"`: ECMA-262 patterns with the `u` flag (JSON Schema's regex dialect)
# refuse escapes of characters that need none, and published schemas must compile there.
HttpUrl = Annotated[
    str,
    StringConstraints(pattern=rf'^https?://[^\s<>"{CONTROL_CLASS}]+$', max_length=2000),
    AfterValidator(web_address),
    Field(json_schema_extra={"not": {"pattern": AUTHORITY_WITH_AT}}),
]
# A figure's quotation: short enough to read at a glance beside the figure.
MAX_QUOTE_CHARACTERS = 300
Quote = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=MAX_QUOTE_CHARACTERS,
        pattern=NO_CONTROLS_PATTERN,
    ),
]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
FULL_DAY_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
# What a record may write for a date: the text `YYYY[-MM[-DD]]`, or a bare year that YAML reads as
# a number. This is also the date's published JSON Schema.
WrittenDate = (
    Annotated[str, StringConstraints(pattern=PARTIAL_DATE_PATTERN)]
    | Annotated[int, Field(ge=1000, le=9999)]
)


def _written_then_parsed(_source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """Validate a date as written (`WrittenDate`), then parse it into the `PartialDate` it holds."""
    return core_schema.no_info_after_validator_function(PartialDate.parse, handler(WrittenDate))


# A date field holds a `PartialDate`; records write it as `WrittenDate`.
PartialDateField = Annotated[
    PartialDate,
    GetPydanticSchema(_written_then_parsed),
    Field(description="A date as precise as the sources allow: YYYY, YYYY-MM or YYYY-MM-DD."),
]


def full_day_only(schema: dict[str, Any]) -> None:
    """Published schema of `added`/`modified`: a full day, as the validator insists."""
    day = {"type": "string", "pattern": FULL_DAY_PATTERN}
    branches = schema.pop("anyOf")
    if any(branch.get("type") == "null" for branch in branches):
        schema["anyOf"] = [day, {"type": "null"}]
    else:
        schema.update(day)


def slug_list(description: str) -> Any:
    """A field holding a list of distinct slugs, empty unless given."""
    return Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description=description,
        json_schema_extra={"uniqueItems": True},
    )


class Record(BaseModel):
    """Base of every record: unknown fields are errors, so a misspelt field is never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceKind(StrEnum):
    """What sort of document a source is."""

    NEWS_ARTICLE = "news-article"
    PRESS_RELEASE = "press-release"
    OFFICIAL_PAGE = "official-page"
    BLOG_POST = "blog-post"
    STUDY = "study"
    SOCIAL_MEDIA_POST = "social-media-post"
    REFERENCE = "reference"
    TRANSCRIPT = "transcript"


class SourceRecord(Record):
    """One published document (`content/sources/<id>.yaml`) that records cite by its id."""

    # The published schema states the rule that `sources.source_problems` checks on the raw data:
    # a document's address, or a note saying why it has none; never both.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": [key], "properties": {key: {"type": "string"}}}
                for key in ("url", "url_note")
            ]
        }
    )

    kind: SourceKind = Field(description="What sort of document it is.")
    publisher: Text = Field(description="Who published it, e.g. `UN News Centre`.")
    title: Text = Field(
        description="Its own title, as published; a description in `[...]` only if it has none."
    )
    authors: list[Text] = Field(
        default_factory=list, description="Authors, only where the document names them."
    )
    date: PartialDateField | None = Field(
        None,
        description="Publication date, as precise as the document shows; leave out if undated.",
    )
    language: LanguageTag = Field(description="BCP 47 tag of the document's language, e.g. `en`.")
    url: HttpUrl | None = Field(
        None, description="The document's own address (required unless `url_note` says why not)."
    )
    archived_url: HttpUrl | None = Field(
        None, description="An archived copy, only where its address is known (never constructed)."
    )
    url_note: Text | None = Field(
        None, description="Why the document has no `url`; only when `url` is missing."
    )
    note: Text | None = Field(None, description="One sentence on what it supports, if useful.")


class Source(SourceRecord):
    """A source file with the id its file name gives it: what pages, feeds and data files show."""

    id: Slug = Field(description="The file name without `.yaml`: what records cite.")

    @classmethod
    def of(cls, source_id: str, record: SourceRecord) -> Source:
        """The checked file's fields with its id (no second validation)."""
        return cls.model_construct(id=source_id, **dict(record))


class Qualifier(StrEnum):
    """How a figure was stated by its source."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more-than"
    AT_LEAST = "at-least"
    FEWER_THAN = "fewer-than"
    UP_TO = "up-to"


class Metric(Record):
    """One figure as a source states it: who, on which platform, what, how many, as of when."""

    subject: Slug = Field(
        description="The leader or organization the figure is about (registry slug)."
    )
    platform: Slug | None = Field(None, description="Platform slug from the vocabulary, if any.")
    measure: Slug = Field(description="What is counted: a measure slug from the vocabulary.")
    # Strict: a number written as one, never text or a boolean that pydantic would convert.
    value: Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)] = Field(
        description="The number, as stated (no rounding)."
    )
    qualifier: Qualifier = Field(
        Qualifier.EXACT, description="How the source qualified the number."
    )
    as_of: PartialDateField | None = Field(
        None, description="When the figure held, as the source says."
    )
    source: Slug = Field(
        description="The id of the source (one of the record's `sources`) that gives it."
    )
    quote: Quote | None = Field(
        None,
        description="The source's own words that state the figure, verbatim; the value must be written in it.",
    )
    note: Text | None = Field(None, description="Context, e.g. what exactly was counted.")


class TranslationBy(StrEnum):
    """Who translated a post: its source, or the archive (then pages mark it as ours)."""

    SOURCE = "source"
    ARCHIVE = "archive"


class Post(Record):
    """A post itself, as a source quotes it: original text and language, translation, author."""

    author: Slug = Field(description="The leader or organization who posted it (registry slug).")
    platform: Slug = Field(description="Platform slug from the vocabulary.")
    handle: Text | None = Field(None, description="The account name as the source gives it.")
    date: PartialDateField | None = Field(
        None, description="When it was posted, as precise as the source says."
    )
    text: LongText = Field(description="The post in its original language, verbatim as quoted.")
    lang: LanguageTag = Field(description="BCP 47 tag of the post's language, e.g. `zh-Hans`.")
    translation: LongText | None = Field(None, description="An English translation.")
    translation_by: TranslationBy | None = Field(
        None, description="Who translated it (required with `translation`)."
    )
    url: HttpUrl | None = Field(
        None, description="Address of the post itself, only if the source gives it."
    )
    source: Slug = Field(
        description="The id of the source (one of the record's `sources`) quoting it."
    )


class Location(Record):
    """Where an event took place; `online` when it had no physical place."""

    name: Text = Field(description="Place name, e.g. `Beijing` or `United Nations Headquarters`.")
    country: Text | None = Field(None, description="Country, in English.")


class EventRecord(Record):
    """The YAML front matter of an event record (`content/events/YYYY/<slug>.md`)."""

    # The published schema states the cross-field rule of `_check_coherence` too.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [key], "properties": {key: {"minItems": 1}}}
                for key in ("leaders", "organizations")
            ]
        }
    )

    title: Text = Field(description="Short factual title in our own words.")
    summary: Text = Field(description="One sentence, in our own words, saying what happened.")
    date: PartialDateField = Field(description="When the event happened (start date).")
    end_date: PartialDateField | None = Field(None, description="Last day of a multi-day event.")
    date_note: Text | None = Field(
        None, description="How the date was derived when no source states it."
    )
    type: Slug = Field(description="Event type slug from `content/vocabulary.yaml`.")
    platforms: list[Slug] = Field(
        max_length=MAX_ENTRIES,
        description="Platform slugs from the vocabulary (may be empty).",
        json_schema_extra={"uniqueItems": True},
    )
    leaders: list[Slug] = slug_list("Leader slugs involved.")
    organizations: list[Slug] = slug_list("Organization slugs involved.")
    location: Location | None = Field(None, description="Where it happened, if a source says.")
    metrics: list[Metric] = Field(
        default_factory=list, max_length=MAX_ENTRIES, description="Figures cited by the sources."
    )
    posts: list[Post] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description="Posts themselves, where a source quotes them.",
    )
    sources: Annotated[list[Slug], Field(min_length=1, max_length=MAX_SOURCES)] = Field(
        description="Ids of the source files (`content/sources/<id>.yaml`) the record rests on.",
        json_schema_extra={"uniqueItems": True},
    )
    tags: list[Slug] = slug_list("Free keywords, as slugs.")
    added: PartialDateField = Field(
        description="Day the record entered the archive (YYYY-MM-DD).",
        json_schema_extra=full_day_only,
    )
    modified: PartialDateField | None = Field(
        None,
        description="Day of the last correction (YYYY-MM-DD).",
        json_schema_extra=full_day_only,
    )
    former_slugs: list[FormerAddress] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description=(
            "Earlier addresses, oldest first: an old slug (`old-name`) of a renamed record, or "
            "`YYYY/slug` where a corrected date moved it from another year. Each redirects here; "
            "feed ids keep the first."
        ),
    )

    @model_validator(mode="after")
    def _check_coherence(self) -> EventRecord:
        """Cross-field rules that a reader of the record would expect to hold."""
        if not self.leaders and not self.organizations:
            raise ValueError("leaders/organizations: name at least one leader or organization")
        return self


class OriginalName(Record):
    """A name in its original script, with the language tag that pages put in `lang`."""

    text: Text = Field(description="The name as written in its own script, e.g. `반기문`.")
    lang: LanguageTag = Field(description="BCP 47 language tag, e.g. `zh-Hans`, `ko`, `he`.")


class Account(Record):
    """A social-media account held by a leader or organization."""

    platform: Slug = Field(description="Platform slug from the vocabulary.")
    handle: Text | None = Field(None, description="Account name as shown on the platform.")
    url: HttpUrl | None = Field(None, description="Link to the account.")
    opened: PartialDateField | None = Field(
        None, description="When the account was opened, if known."
    )
    closed: PartialDateField | None = Field(None, description="When it was closed, if it was.")
    source: Slug | None = Field(
        None, description="The id of the source (one of this file's `sources`) for these facts."
    )
    note: Text | None = Field(
        None, description="How the source supports these facts, e.g. how a date was derived."
    )


class Role(Record):
    """An office held, with the organization or country it was held for."""

    title: Text = Field(description="e.g. `Secretary-General`, `President`.")
    organization: Slug | None = Field(None, description="Organization slug, when held in one.")
    country: Text | None = Field(None, description="Country, when a national office.")
    start: PartialDateField | None = Field(None, description="When the office began, if known.")
    end: PartialDateField | None = Field(None, description="When it ended; leave out while held.")
    source: Slug | None = Field(
        None, description="The id of the source (one of this file's `sources`) for this role."
    )


class ProfileRecord(Record):
    """What leaders and organizations share: names, accounts, sources, an optional Wikidata id."""

    name: Text = Field(description="Name in English as commonly written.")
    original_name: OriginalName | None = Field(
        None, description="The name in its original script, when that is not the Latin alphabet."
    )
    accounts: list[Account] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description="Social-media accounts, one entry per platform account.",
    )
    wikidata: WikidataId | None = Field(None, description="Only where certain.")
    bio: LongText | None = Field(None, description="Short description in our own words.")
    sources: list[Slug] = Field(
        default_factory=list,
        max_length=MAX_SOURCES,
        description="Ids of the source files for the facts in this file.",
        json_schema_extra={"uniqueItems": True},
    )


class LeaderRecord(ProfileRecord):
    """A person (`content/leaders/<slug>.yaml`)."""

    roles: list[Role] = Field(
        default_factory=list, max_length=MAX_ENTRIES, description="Offices held, oldest first."
    )


class OrganizationKind(StrEnum):
    """What sort of body an organization is."""

    INTERGOVERNMENTAL = "intergovernmental"
    UN_AGENCY = "un-agency"
    GOVERNMENT = "government"
    MINISTRY = "ministry"
    EMBASSY = "embassy"
    COMPANY = "company"
    NGO = "ngo"
    SPORTS_BODY = "sports-body"
    MEDIA = "media"


class OrganizationRecord(ProfileRecord):
    """An organization (`content/organizations/<slug>.yaml`)."""

    kind: OrganizationKind = Field(description="What sort of body it is.")
    country: Text | None = Field(None, description="Country for national bodies.")
    parent: Slug | None = Field(None, description="Slug of the organization it belongs to.")


class FormerName(Record):
    """A name a platform carried before its current `label`, and the last date it carried it."""

    label: Text = Field(description="The earlier name, e.g. `Twitter`.")
    until: PartialDateField = Field(
        description="The last year, month or day of that name, e.g. `2023-07`."
    )


class VocabularyEntry(Record):
    """A vocabulary entry: an event type, a platform or a measure."""

    label: Text = Field(description="Name shown on pages (the current one), e.g. `Live Q&A`.")
    names: list[FormerName] = Field(
        default_factory=list,
        max_length=MAX_ENTRIES,
        description=(
            "Earlier names, oldest first (a renamed platform keeps its slug and URLs): events "
            "show the name the platform had on their date."
        ),
    )
    description: LongText | None = Field(None, description="One or two sentences defining it.")
    url: HttpUrl | None = Field(None, description="A page about it, e.g. the platform's site.")

    @model_validator(mode="after")
    def _check_names(self) -> VocabularyEntry:
        """Earlier names follow each other in time, each ending before the next."""
        for index in range(1, len(self.names)):
            before, after = self.names[index - 1].until, self.names[index].until
            if after.first_day() <= before.last_day():
                raise ValueError(
                    f"names[{index}].until: {after} must come after {before}, the end of the "
                    "name before it (list earlier names oldest first)"
                )
        return self

    def label_on(self, date: PartialDate) -> str:
        """The name carried on `date`: the first earlier name whose period the date falls in."""
        for name in self.names:
            if date.first_day() <= name.until.last_day():
                return name.label
        return self.label


class Vocabulary(Record):
    """`content/vocabulary.yaml`: the controlled lists that records refer to."""

    event_types: dict[Slug, VocabularyEntry] = Field(min_length=1)
    platforms: dict[Slug, VocabularyEntry] = Field(min_length=1)
    measures: dict[Slug, VocabularyEntry] = Field(min_length=1)


def record_json_schema(model: type[Record], name: str) -> dict[str, Any]:
    """The published JSON Schema (Draft 2020-12) of one kind of record, made from its model."""
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"/data/schema/{name}.schema.json",
        **schema,
    }


def event_json_schema() -> dict[str, Any]:
    """The published JSON Schema of an event record's front matter."""
    return record_json_schema(EventRecord, "event")
