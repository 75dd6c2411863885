"""One object per plugin and Pelican run: its receivers are bound methods, connected strongly.

Every plugin's `register()` connects only `initialized`, which starts the plugin's run: an object
made for this Pelican run, whose bound methods are connected with `weak=False` (receivers made in
a function would vanish with a weak reference) and all disconnected when the run ends. A run ends
at `finalized`; Pelican sends nothing after a failure, so the build (`sitebuild.build`) ends the
runs of its Pelican whatever happens, and the next `initialized` ends any run still connected.
The runs live on Pelican's signals and nowhere else: no module keeps state between runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from blinker import Signal
from pelican.plugins import signals
from pelican.plugins._utils import get_plugin_name

Receiver = Callable[..., Any]
RunType = TypeVar("RunType", bound="PluginRun")


def pelican_signals() -> list[Signal]:
    """Every signal Pelican sends, the only place where a run's receivers are kept."""
    return [s for s in vars(signals).values() if isinstance(s, Signal)]


class PluginRun:
    """The receivers of one plugin for one Pelican run; subclasses list them in `receivers()`."""

    def __init__(self, pelican: Any) -> None:
        self.pelican = pelican
        self.connected: list[tuple[Signal, Receiver]] = []

    def receivers(self) -> list[tuple[Signal, Receiver]]:
        """The signals this run answers, each with a bound method of the run, in order."""
        return []

    def start(self) -> None:
        """Connect every receiver, then `end` last at `finalized` (after the run's own work)."""
        for signal, receiver in [*self.receivers(), (signals.finalized, self.end)]:
            signal.connect(receiver, weak=False)
            self.connected.append((signal, receiver))

    def end(self, *_: Any) -> None:
        """Disconnect every receiver of this run; calling it again does nothing."""
        while self.connected:
            signal, receiver = self.connected.pop()
            signal.disconnect(receiver)


def live_runs() -> list[PluginRun]:
    """Every run with a receiver still connected, in the order they were connected."""
    found: dict[int, PluginRun] = {}
    for signal in pelican_signals():
        for receiver in list(signal.receivers.values()):
            owner = getattr(receiver, "__self__", None)
            if isinstance(owner, PluginRun):
                found.setdefault(id(owner), owner)
    return list(found.values())


def end_runs(pelican: Any) -> None:
    """End every run of `pelican` (the build calls it after `run()`, failed or not)."""
    for run in live_runs():
        if run.pelican is pelican:
            run.end()


def find_run(pelican: Any, kind: type[RunType]) -> RunType | None:
    """The live run of class `kind` that belongs to `pelican`, if that plugin is on."""
    for run in live_runs():
        if run.pelican is pelican and isinstance(run, kind):
            return run
    return None


def start_run(pelican: Any, package: str | None, kind: Callable[[Any], PluginRun]) -> None:
    """`initialized`: end what an earlier run left connected (a failed run sends no
    `finalized`), then start this plugin's run, if this Pelican loaded the plugin: a plugin that
    an earlier Pelican of the process loaded keeps its `initialized` receiver, not its work."""
    for run in live_runs():
        if run.pelican is not pelican:
            run.end()
    if package in {get_plugin_name(plugin) for plugin in pelican.plugins}:
        kind(pelican).start()


class GeneratorsRun(PluginRun):
    """A plugin whose whole work is generators: it hands Pelican their classes each run."""

    generators: ClassVar[tuple[type, ...]] = ()

    def receivers(self) -> list[tuple[Signal, Receiver]]:
        """`get_generators`: Pelican makes a fresh instance of each, once per run."""
        return [(signals.get_generators, self.generator_classes)]

    def generator_classes(self, pelican: Any) -> tuple[type, ...]:
        """The plugin's generator classes (Pelican accepts a tuple from one receiver)."""
        return self.generators
