"""Share a list of chunks of work between this process and forked helper processes.

Every process, this one included, takes the next chunk from a shared counter until none are
left, so the cores stay busy to the end and no process sits idle waiting for results. Only
the helpers' results cross a pipe, once each, at the end. A helper that dies leaves its
unfinished chunks to this process, which redoes them. Where processes cannot be forked the
chunks are done here, one after the other.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def share(chunks: list[T], work: Callable[[T], R], jobs: int) -> list[R]:
    """``[work(chunk) for chunk in chunks]``, by ``jobs`` processes."""
    import multiprocessing

    if jobs <= 1 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(chunk) for chunk in chunks]
    context = multiprocessing.get_context("fork")
    counter = context.RawValue("l", 0)
    lock = context.Lock()

    def take() -> int:
        with lock:
            index: int = counter.value
            counter.value = index + 1
        return index

    gc.freeze()  # what the helpers inherit is never garbage: collections stay small
    try:
        helpers = []
        for _ in range(jobs - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_helper, args=(chunks, work, take, send), daemon=True)
            process.start()
            send.close()
            helpers.append((process, receive))
        done: dict[int, R] = {}
        while (index := take()) < len(chunks):
            done[index] = work(chunks[index])
        for process, receive in helpers:
            try:
                done.update(receive.recv())
            except EOFError:
                pass  # the helper died: what it had not sent is redone below
            finally:
                receive.close()
                process.join()
    finally:
        gc.unfreeze()
    for index, chunk in enumerate(chunks):
        if index not in done:
            done[index] = work(chunk)
    return [done[index] for index in range(len(chunks))]


def _helper(
    chunks: list[Any], work: Callable[[Any], Any], take: Callable[[], int], send: Any
) -> None:
    out: dict[int, Any] = {}
    try:
        while (index := take()) < len(chunks):
            out[index] = work(chunks[index])
        send.send(out)
    except BaseException:
        pass
    finally:
        send.close()
