"""Simulated days kept and reused.

Days are independent: each care day starts afresh, with its own random streams by seed
and date (``sim.model.randomness``). So a day whose inputs equal those of a day already
simulated gives the same result, bit for bit, and need not be simulated again.

:func:`day_key` is a hash of everything a day reads from its world: the model, the data,
the seed, the date and its type, the horizon, the parameters, where every team sits that
day and how many days since it moved (while the productivity loss lasts), and which
positions are vacant that month. :class:`DayResults` keeps day results by that key, in
this process's memory (the most recently used first) and on disk in ``var/cache/days``
(one ``.npz`` file of plain arrays a day, shared by the worker processes; no pickles):
the files under the setting ``day_cache_mb``, each process's memory under a quarter of it.

Scenario and Basis run together (``sim.run.experiment.iter_runs``) share the days on which
they are the same (before the scenario's first change), and a scenario run after Basis
takes the unchanged days from it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from sim.inputs.scenario import PROJECT_ROOT
from sim.inputs.settings import setting, whole_setting
from sim.model.frames import DayResult
from sim.model.horizon import SimDay
from sim.model.world import World

CACHE_DIR = PROJECT_ROOT / "var" / "cache" / "days"
_FRAMES = ("visits", "calls", "staff", "premises", "queues")


def day_key(world: World, day: SimDay, data_hash: str, model: str) -> str:
    """What determines the result of simulating ``day`` in ``world`` (hex, 32 digits)."""
    scenario = world.scenario
    p = scenario.parameters
    teams = world.workforce.team_ids
    where = [world.placements.on(team, day.date) for team in teams]
    since = []
    for team in teams:
        days = world.placements.days_since_move(team, day.date)
        since.append(days if days is not None and days < p.productivity_loss_days else -1)
    digest = hashlib.sha256()
    for part in (
        model,
        data_hash,
        str(world.seed),
        day.date.isoformat(),
        day.day_type,
        scenario.calendar.model_dump_json(),
        p.model_dump_json(),
        "|".join(where),
        ",".join(map(str, since)),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(np.packbits(world.workforce_plan.vacant_on(day.date)).tobytes())
    return digest.hexdigest()[:32]


def file_bytes(info: os.stat_result) -> int:
    """The space a file takes on disk (its blocks), at least its length."""
    return max(info.st_size, getattr(info, "st_blocks", 0) * 512)


def cached_files(directory: Path, suffix: str) -> list[tuple[float, int, Path]]:
    """(last used, bytes on disk, path) of every file ``*/*<suffix>`` of a cache folder
    (a read renews a file's modification time)."""
    found = []
    for path in directory.glob(f"*/*{suffix}"):
        with contextlib.suppress(OSError):
            info = path.stat()
            found.append((info.st_mtime, file_bytes(info), path))
    return found


def evict_least_used(files: list[tuple[float, int, Path]], max_bytes: int, removed=None) -> int:
    """Remove the least recently used of ``files`` (:func:`cached_files`) until they take
    under 90 % of ``max_bytes`` (``removed(path)`` for each); the bytes they take then."""
    total = sum(size for _, size, _ in files)
    goal = max_bytes * 9 // 10
    for _, size, path in sorted(files):
        if total <= goal:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            if removed is not None:
                removed(path)
        total -= size
    return total


def _nbytes(result: DayResult) -> int:
    return sum(v.nbytes for name in _FRAMES for v in getattr(result, name).values())


def _to_bytes(result: DayResult) -> bytes:
    arrays = {
        f"{name}/{column}": values
        for name in _FRAMES
        for column, values in getattr(result, name).items()
    }
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _from_bytes(raw: bytes) -> DayResult:
    columns: dict[str, dict[str, np.ndarray]] = {name: {} for name in _FRAMES}
    with np.load(io.BytesIO(raw), allow_pickle=False) as stored:
        for name in stored.files:
            frame, column = name.split("/", 1)
            columns[frame][column] = stored[name]
    return DayResult(**columns)


class DayResults:
    """Day results by :func:`day_key`: in memory (least recently used out past a quarter
    of ``max_bytes``) and, when ``directory`` is given, on disk (least recently used files out
    past ``max_bytes``). A file that cannot be read or written only costs the day's
    simulation."""

    def __init__(self, directory: str | Path | None = None, max_bytes: int | None = None):
        self.directory = Path(directory) if directory is not None else None
        if max_bytes is None:
            max_bytes = whole_setting("day_cache_mb") * 1024 * 1024
        self.max_bytes = max_bytes
        self._memory: OrderedDict[str, DayResult] = OrderedDict()
        self._memory_bytes = 0
        self._disk_bytes: int | None = None
        self._lock = threading.Lock()

    def get(self, key: str) -> DayResult | None:
        with self._lock:
            found = self._memory.get(key)
            if found is not None:
                self._memory.move_to_end(key)
                return found
        if self.directory is None or self.max_bytes <= 0:
            return None
        path = self._path(key)
        try:
            found = _from_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go
        self._remember(key, found)
        return found

    def put(self, key: str, result: DayResult) -> None:
        if self.max_bytes <= 0:
            return
        self._remember(key, result)
        if self.directory is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{key}.{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_bytes(_to_bytes(result))
            os.replace(temporary, path)
            written = file_bytes(path.stat())
        except OSError:
            return  # a cache that cannot be written is only slower
        with self._lock:
            if self._disk_bytes is None:
                self._disk_bytes = sum(size for _, size, _ in self._files())
            else:
                self._disk_bytes += written
            if self._disk_bytes > self.max_bytes:
                self._evict_files()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.npz"

    def _remember(self, key: str, result: DayResult) -> None:
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return
            self._memory[key] = result
            self._memory_bytes += _nbytes(result)
            while self._memory_bytes > self.max_bytes // 4 and len(self._memory) > 1:
                _, gone = self._memory.popitem(last=False)
                self._memory_bytes -= _nbytes(gone)

    def _files(self) -> list[tuple[float, int, Path]]:
        return cached_files(self.directory, ".npz")

    def _evict_files(self) -> None:
        self._disk_bytes = evict_least_used(self._files(), self.max_bytes)

    def __len__(self) -> int:
        return len(self._memory)


@functools.cache
def default_day_results() -> DayResults:
    """This process's day results, kept on disk in ``var/cache/days`` (or the folder of the
    setting ``day_cache_dir``)."""
    return DayResults(setting("day_cache_dir") or CACHE_DIR)
