"""How `--jobs N` starts its worker processes, and starting that early.

Workers start by forkserver, not fork: a forked child deadlocks in OpenMP the parent
already used. The server imports the scoring modules once (no OpenMP runs there), so each
worker starts from a fork of it instead of importing them again. The command line starts
the server before it loads the model (`start_early`): the server's imports run on another
core meanwhile, and the pool finds it ready. With the bundled model the server loads it too,
and workers get it by the fork (`spamdet.warm`, `model.bundled_model`), not by a pickle.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

A = TypeVar("A")
T = TypeVar("T")

PRELOAD = ["spamdet.detector"]
"""What the fork server imports before it forks any worker."""
BUNDLED_PRELOAD = [*PRELOAD, "spamdet.warm"]
"""... when the scan uses the bundled model: the server loads it too (`spamdet.warm`)."""


def pool_context(bundled: bool = False) -> BaseContext:
    """The forkserver context (the server set to preload the scoring modules, and the
    bundled model if `bundled`), or spawn where the platform has no forkserver. What the
    server preloads is fixed when it starts: the first pool or `start_early` decides."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(BUNDLED_PRELOAD if bundled else PRELOAD)
    return context


def start_early(bundled: bool = False) -> None:
    """Start the fork server now (it keeps running for this process); nothing on spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        pool_context(bundled)
        from multiprocessing import forkserver

        forkserver.ensure_running()


def ignore_interrupts() -> None:
    """In a worker: ignore Ctrl-C. A terminal sends SIGINT to the whole process group, and
    the parent alone stops the pool and says what was done (a worker interrupted while it
    waited for work printed a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(fn: Callable[[A], T], items: Iterable[A], n_jobs: int, context: BaseContext,
                initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Iterator[T]:
    """`fn(item)` for each of `items` in `n_jobs` worker processes, results in input order.

    At most two tasks per worker are in flight, so memory holds a few items however many
    there are; `initializer(*initargs)` runs once in each worker (it should call
    `ignore_interrupts`). An error, Ctrl-C or a caller that stops reading cancels the rest.
    """
    with ProcessPoolExecutor(n_jobs, mp_context=context, initializer=initializer,
                             initargs=initargs) as pool:
        pending: list[Future[T]] = []
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) >= 2 * n_jobs:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
