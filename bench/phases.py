"""A light timing hook for our build: time per phase, measured at generator and step boundaries."""

from __future__ import annotations

import functools
import resource
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pelican import Pelican, signals

PHASES = ("read/validate", "index", "pages", "feeds", "data", "search", "checks", "other")


class PhaseClock:
    """Exclusive time per phase: a nested span pauses the span around it, so nothing counts twice."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []
        self.finalized_at: float | None = None
        self.timed_at_finalized = 0.0
        self.search_cpu = 0.0

    @contextmanager
    def span(self, phase: str) -> Iterator[None]:
        """Charge the time spent inside the block, minus nested spans, to `phase`."""
        frame = [time.perf_counter(), 0.0]
        self._stack.append(frame)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - frame[0]
            self._stack.pop()
            self.totals[phase] += elapsed - frame[1]
            if self._stack:
                self._stack[-1][1] += elapsed

    def mark_finalized(self, pelican: Any) -> None:
        """`finalized` (connected before any plugin): the output checks start now."""
        self.finalized_at = time.perf_counter()
        self.timed_at_finalized = sum(self.totals.values())

    def result(self) -> dict[str, float]:
        """Seconds per phase, in the report's order."""
        return {phase: round(self.totals.get(phase, 0.0), 4) for phase in PHASES}


CLOCK = PhaseClock()


def output_phase(generator_class: type) -> str:
    """Which phase a generator's output belongs to, from the plugin that defines it."""
    module = generator_class.__module__
    if "feeds" in module:
        return "feeds"
    if "exports" in module or ".data" in module:
        return "data"
    if "search" in module or "pagefind" in module:
        return "search"
    return "pages"


def context_phase(generator_class: type) -> str:
    """Pelican's own generators read content; a plugin's generator prepares from the index."""
    return "read/validate" if generator_class.__module__.startswith("pelican.") else "index"


def timed_generator(generator_class: type) -> type:
    """A subclass of `generator_class` whose two steps are charged to their phases."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        with CLOCK.span(context_phase(generator_class)):  # init signals: registry, prefetch
            generator_class.__init__(self, *args, **kwargs)

    def generate_context(self: Any) -> None:
        with CLOCK.span(context_phase(generator_class)):
            generator_class.generate_context(self)

    def generate_output(self: Any, writer: Any) -> None:
        with CLOCK.span(output_phase(generator_class)):
            generator_class.generate_output(self, writer)

    members: dict[str, Callable[..., None]] = {"__init__": __init__}
    if hasattr(generator_class, "generate_context"):
        members["generate_context"] = generate_context
    if hasattr(generator_class, "generate_output"):
        members["generate_output"] = generate_output
    timed = type(generator_class.__name__, (generator_class,), members)
    timed.__module__ = generator_class.__module__
    return timed


class TimedPelican(Pelican):
    """Pelican whose generators report their time; the rest of `run` is charged to `other`."""

    def _get_generator_classes(self) -> list[type]:
        return [timed_generator(cls) for cls in super()._get_generator_classes()]

    def run(self) -> None:
        """Run, charging what follows `finalized` (the output checks) to `checks`."""
        with CLOCK.span("other"):
            super().run()
            if CLOCK.finalized_at is not None:
                timed_since = sum(CLOCK.totals.values()) - CLOCK.timed_at_finalized
                checks = time.perf_counter() - CLOCK.finalized_at - timed_since
                CLOCK.totals["checks"] += checks
                CLOCK.totals["other"] -= checks


def install() -> None:
    """Hook the clock in before any plugin registers (receivers fire in connection order)."""
    signals.finalized.connect(CLOCK.mark_finalized)
    from records import index
    from sitebuild import build as sitebuild

    build = index.ArchiveIndex.build.__func__

    def timed_build(cls: type, *args: Any, **kwargs: Any) -> Any:
        with CLOCK.span("index"):
            return build(cls, *args, **kwargs)

    index.ArchiveIndex.build = classmethod(timed_build)  # type: ignore[method-assign]
    sitebuild.Pelican = TimedPelican  # type: ignore[misc]
    configured_steps = sitebuild.configured_steps

    def timed_steps(settings: dict[str, Any]) -> list[Callable[..., None]]:
        return [_timed_step(step) for step in configured_steps(settings)]

    sitebuild.configured_steps = timed_steps
    verify = sitebuild.verify_published

    @functools.wraps(verify)
    def timed_verify(*args: Any) -> None:
        with CLOCK.span("checks"):  # every record on its page, in its feeds and data rows
            verify(*args)

    sitebuild.verify_published = timed_verify


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_step(step: Callable[..., None]) -> Callable[..., None]:
    """A post-build step (the Pagefind index) charged to `search`."""

    @functools.wraps(step)
    def timed(*args: Any) -> None:
        before = _children_cpu()
        with CLOCK.span("search"):
            step(*args)
        CLOCK.search_cpu += _children_cpu() - before

    return timed
