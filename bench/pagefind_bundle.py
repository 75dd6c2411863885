"""What a Pagefind bundle says, by content: two bundles of the same pages compare equal.

A bundle is not byte-deterministic (Pagefind numbers pages in the order its threads finish, and
file names are hashes of content that holds those numbers), so it is decoded and every page number
replaced by the page's URL. Each data file is gzip of the signature `pagefind_dcd` followed by
JSON (fragments) or CBOR (the metadata, word and filter chunks: minicbor encodes each Rust struct
as an array of its fields, in the order of Pagefind's `src/index/*.rs`; since 1.5 the page numbers in
a word's list are steps from the previous one, and the metadata ends with the meta field names).
"""

from __future__ import annotations

import gzip
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def _payload(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind data file")
    return data[len(SIGNATURE) :]


def _cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item from `data` at `at`: (value, offset after it). Definite lengths only."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        argument = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"CBOR item {head:#x} at {at - 1}: indefinite lengths are not read")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major in (2, 3):
        raw = data[at : at + argument]
        return (raw if major == 2 else raw.decode("utf-8")), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(argument):
            key, at = _cbor(data, at)
            mapping[key], at = _cbor(data, at)
        return mapping, at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    if major == 7 and info in (25, 26, 27):
        return struct.unpack(
            {25: ">e", 26: ">f", 27: ">d"}[info], data[at - (1 << (info - 24)) : at]
        )[0], at
    raise ValueError(f"CBOR major type {major} at {at - 1} is not used by Pagefind")


def cbor(path: Path) -> Any:
    value, _end = _cbor(_payload(path))
    return value


@dataclass(frozen=True)
class Bundle:
    """A bundle's content with pages named by URL: equal for equivalent bundles."""

    page_count: int
    fragments: dict[str, dict[str, Any]]  # URL -> what a result shows (content, meta, filters...)
    words: dict[str, dict[str, list[Any]]]  # word -> URL -> [its locations (with weights), ...]
    filters: dict[str, dict[str, frozenset[str]]]  # filter -> value -> URLs
    sorts: dict[str, list[str]]  # sort -> URLs in order
    files: frozenset[str]  # the bundle's files other than the hashed data
    extra: list[Any]  # metadata fields after the sorts, per language


def read_bundle(bundle: Path) -> Bundle:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    fragments: dict[str, dict[str, Any]] = {}
    words: dict[str, dict[str, list[Any]]] = {}
    filters: dict[str, dict[str, frozenset[str]]] = {}
    sorts: dict[str, list[str]] = {}
    extra: list[Any] = []
    for language in entry["languages"].values():
        _version, pages, chunks, filter_files, sort_lists, *more = cbor(
            bundle / f"pagefind.{language['hash']}.pf_meta"
        )
        extra.append(more)  # later versions add fields (1.5: the meta field names)
        urls = []
        for page_hash, _word_count in pages:
            fragment = json.loads(_payload(bundle / "fragment" / f"{page_hash}.pf_fragment"))
            urls.append(fragment["url"])
            fragments[fragment["url"]] = fragment
        for _from, _to, chunk_hash in chunks:
            [packed] = cbor(bundle / "index" / f"{chunk_hash}.pf_index")
            for word, word_pages, *variants in packed:
                words.setdefault(word, {}).update(_by_url(word_pages, urls))
                for form, form_pages in variants[0] if variants else []:  # e.g. brasília
                    words.setdefault(f"{word} ({form})", {}).update(_by_url(form_pages, urls))
        for name, filter_hash in filter_files:
            _name, values = cbor(bundle / "filter" / f"{filter_hash}.pf_filter")
            filters[name] = {value: frozenset(urls[n] for n in ns) for value, ns in values}
        for name, order in sort_lists:
            sorts[name] = [urls[n] for n in order]
    hashed = ("fragment", "index", "filter")
    files = frozenset(
        p.relative_to(bundle).as_posix()
        for p in bundle.rglob("*")
        if p.is_file() and p.parent.name not in hashed and p.suffix != ".pf_meta"
    )
    page_count = sum(language["page_count"] for language in entry["languages"].values())
    return Bundle(page_count, fragments, words, filters, sorts, files, extra)


def _by_url(pages: list[list[Any]], urls: list[str]) -> dict[str, list[Any]]:
    """A word's pages, named by URL: each page number is the step from the previous one."""
    found, page = {}, 0
    for step, locations, *more in pages:
        page += step
        found[urls[page]] = [locations, *more]
    return found


def differences(
    expected: Bundle, found: Bundle, sort_values: dict[str, dict[str, str]], shown: int = 3
) -> list[str]:
    """How `found` differs from `expected`, one line per kind of difference (empty: equivalent).

    Pages with the same sort value may come in any order (Pagefind breaks ties by its own page
    numbers), so a sort is compared as its sequence of values and its set of pages, from
    `sort_values` (URL -> sort -> value, as the pages declare them).
    """
    lines = []
    for name in sorted(set(expected.sorts) | set(found.sorts)):
        want, got = expected.sorts.get(name, []), found.sorts.get(name, [])
        values = [[sort_values[url].get(name) for url in urls] for urls in (want, got)]
        if values[0] != values[1] or set(want) != set(got):
            lines.append(f"sorts: {name!r} orders pages differently")
    for field in ("page_count", "files", "extra"):
        if getattr(expected, field) != getattr(found, field):
            lines.append(f"{field}: {getattr(expected, field)} != {getattr(found, field)}")
    for field in ("fragments", "words", "filters"):
        want, got = getattr(expected, field), getattr(found, field)
        keys = sorted(set(want) | set(got))
        wrong = [key for key in keys if want.get(key) != got.get(key)]
        if wrong:
            sample = "; ".join(
                f"{key!r}: {_first_difference(want.get(key), got.get(key))}"
                for key in wrong[:shown]
            )
            lines.append(f"{field}: {len(wrong)} of {len(keys)} differ, e.g. {sample}")
    return lines


def _first_difference(want: Any, got: Any) -> str:
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got), key=str):
            if want.get(key) != got.get(key):
                return f"[{key!r}] {_short(want.get(key))} != {_short(got.get(key))}"
    return f"{_short(want)} != {_short(got)}"


def _short(value: Any, width: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
