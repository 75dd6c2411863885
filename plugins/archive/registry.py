"""The registries that records refer to: leaders, organizations and the vocabulary."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .characters import name_problem, printable
from .modelcheck import validate_model
from .problems import NearMisses, Problem, did_you_mean
from .schema import SLUG_PATTERN, LeaderRecord, OrganizationRecord, ProfileRecord, Vocabulary
from .yamlsource import SourceError, parse_yaml, read_text

_SLUG_RE = re.compile(SLUG_PATTERN)


@dataclass
class Registry:
    """Everything a record may refer to, keyed by slug; loaded once per build."""

    root: Path
    vocabulary: Vocabulary | None = None
    leaders: dict[str, LeaderRecord] = field(default_factory=dict)
    organizations: dict[str, OrganizationRecord] = field(default_factory=dict)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    # Near-miss indexes by kind of reference, made on first use (a registry may be large).
    near_misses: dict[str, NearMisses] = field(default_factory=dict, repr=False, compare=False)

    @property
    def event_types(self) -> dict[str, object]:
        """Event type slugs (empty when the vocabulary is broken, so references still get checked)."""
        return dict(self.vocabulary.event_types) if self.vocabulary else {}

    @property
    def platforms(self) -> dict[str, object]:
        """Platform slugs."""
        return dict(self.vocabulary.platforms) if self.vocabulary else {}

    @property
    def measures(self) -> dict[str, object]:
        """Measure slugs for metrics."""
        return dict(self.vocabulary.measures) if self.vocabulary else {}

    def reference_problem(self, kind: str, slug: str, known: object) -> str | None:
        """`unknown leader 'x' (did you mean 'y')`, or None when `slug` is in `known`."""
        if slug in known:  # type: ignore[operator]
            return None
        if kind not in self.near_misses:
            self.near_misses[kind] = NearMisses(known)  # type: ignore[arg-type]
        return f"unknown {kind} '{slug}'{self.near_misses[kind].hint(slug)}"


def file_name_problems(path: Path, shown: str) -> list[Problem]:
    """A file's name is its slug and so its permanent URL: it must be a slug."""
    if _SLUG_RE.fullmatch(path.stem):  # `match` would let a final line feed through `$`
        return []
    message = f"'{printable(path.stem)}' is not a slug: use lowercase ASCII words joined by hyphens"
    return [Problem(shown, 1, "(file name)", message)]


def relative(path: Path, root: Path) -> str:
    """The path as editors see it in messages: relative to the project when possible."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _load_yaml_model(
    path: Path, model: type, root: Path
) -> tuple[object | None, list[Problem], object]:
    shown = relative(path, root)
    try:
        doc = parse_yaml(read_text(path))
    except (SourceError, OSError) as err:
        return None, [Problem(shown, getattr(err, "line", 1), "(file)", str(err))], None
    record, problems = validate_model(model, doc, shown)
    return record, problems, doc


def _check_profile(
    slug: str, record: ProfileRecord, doc: object, shown: str, registry: Registry
) -> list[Problem]:
    problems = []
    source_ids = [s.id for s in record.sources]
    for index, account in enumerate(record.accounts):
        message = registry.reference_problem("platform", account.platform, registry.platforms)
        if message:
            problems.append(
                Problem(
                    shown,
                    doc.line_of(("accounts", index, "platform")),
                    f"accounts[{index}].platform",
                    message,
                )
            )
        if account.source and account.source not in source_ids:
            problems.append(
                Problem(
                    shown,
                    doc.line_of(("accounts", index, "source")),
                    f"accounts[{index}].source",
                    f"no source with id '{account.source}' in this file{did_you_mean(account.source, source_ids)}",
                )
            )
    for index, role in enumerate(getattr(record, "roles", [])):
        if role.organization:
            message = registry.reference_problem(
                "organization", role.organization, registry.organizations
            )
            if message:
                problems.append(
                    Problem(
                        shown,
                        doc.line_of(("roles", index, "organization")),
                        f"roles[{index}].organization",
                        message,
                    )
                )
        if role.source and role.source not in source_ids:
            problems.append(
                Problem(
                    shown,
                    doc.line_of(("roles", index, "source")),
                    f"roles[{index}].source",
                    f"no source with id '{role.source}' in this file{did_you_mean(role.source, source_ids)}",
                )
            )
    parent = getattr(record, "parent", None)
    if parent:
        message = registry.reference_problem("organization", parent, registry.organizations)
        if message:
            problems.append(Problem(shown, doc.line_of(("parent",)), "parent", message))
    duplicates = {s for s in source_ids if source_ids.count(s) > 1}
    problems += [
        Problem(shown, doc.line_of(("sources",)), "sources", f"source id '{s}' is used twice")
        for s in sorted(duplicates)
    ]
    return problems


def load_registry(root: Path) -> tuple[Registry, list[Problem]]:
    """Load and check `vocabulary.yaml`, `leaders/*.yaml` and `organizations/*.yaml` under `root`."""
    registry = Registry(root=root)
    problems: list[Problem] = []
    vocabulary_path = root / "vocabulary.yaml"
    if vocabulary_path.is_symlink():
        pass  # never read through a link: `scan_content` reports it
    elif not vocabulary_path.exists():
        problems.append(
            Problem(relative(vocabulary_path, root), 1, "(file)", "the vocabulary file is missing")
        )
    else:
        registry.vocabulary, found, _ = _load_yaml_model(vocabulary_path, Vocabulary, root)
        problems += found
    loaded: list[tuple[str, ProfileRecord, object, str]] = []
    for folder, model, target in (
        ("leaders", LeaderRecord, registry.leaders),
        ("organizations", OrganizationRecord, registry.organizations),
    ):
        # Links and unusable names are reported by `scan_content`, and never read.
        for path in sorted(
            p
            for p in (root / folder).glob("*")
            if not p.name.startswith(".") and not p.is_symlink() and name_problem(p.name) is None
        ):
            shown = relative(path, root)
            if path.suffix != ".yaml":
                problems.append(
                    Problem(
                        shown,
                        1,
                        "(file)",
                        f"not a registry file: {folder}/ holds only `<slug>.yaml` files",
                    )
                )
                continue
            name_problems = file_name_problems(path, shown)
            if name_problems:
                problems += name_problems
                continue
            record, found, doc = _load_yaml_model(path, model, root)
            problems += found
            if record is not None:
                target[path.stem] = record
                registry.files[(folder, path.stem)] = shown
                loaded.append((path.stem, record, doc, shown))
    both = set(registry.leaders) & set(registry.organizations)
    problems += [
        Problem(
            registry.files[("organizations", s)],
            1,
            "(file name)",
            f"'{s}' is both a leader and an organization slug",
        )
        for s in sorted(both)
    ]
    for slug, record, doc, shown in loaded:
        problems += _check_profile(slug, record, doc, shown, registry)
    return registry, problems
