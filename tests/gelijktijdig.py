"""Run requests at the same moment: threads released together by a barrier, never sleeps."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def tegelijk(*acties: Callable[[], T]) -> list[T]:
    """Start every action at once and return their results in the same order."""
    barrier = threading.Barrier(len(acties))

    def start(actie: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return actie()

    with ThreadPoolExecutor(max_workers=len(acties)) as pool:
        futures = [pool.submit(start, actie) for actie in acties]
        return [future.result() for future in futures]
