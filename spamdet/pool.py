"""How `--jobs N` starts its worker processes, and starting that early.

Workers start by forkserver, not fork: a forked child deadlocks in OpenMP the parent
already used. The server imports the scoring modules once (no OpenMP runs there), so each
worker starts from a fork of it instead of importing them again. The command line starts
the server before it loads the model (`start_early`): the server's imports run on another
core meanwhile, and the pool finds it ready.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

PRELOAD = ["spamdet.detector"]
"""What the fork server imports before it forks any worker."""


def pool_context() -> BaseContext:
    """The forkserver context (the server set to preload the scoring modules), or spawn
    where the platform has no forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_early() -> None:
    """Start the fork server now (it keeps running for this process); nothing on spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        pool_context()
        from multiprocessing import forkserver

        forkserver.ensure_running()
