"""The throttle counters: windows that open, fill and end, and atomic increments."""

from __future__ import annotations

import threading

from models.db import WRITES, make_engine
from models.services import throttle


def test_a_window_counts_until_it_ends(desk_url: str) -> None:
    engine = make_engine(desk_url)
    try:
        with engine.begin() as connection:
            assert throttle.increment(connection, "k", 60, 1, now=1000.0) == 1
            assert throttle.increment(connection, "k", 60, 2, now=1030.0) == 3
            assert throttle.read(connection, "k", now=1059.0) == (3, 1060.0)
            assert throttle.read(connection, "k", now=1060.0) == (0, 1060.0)  # ended
            assert throttle.increment(connection, "k", 60, 1, now=1061.0) == 1  # a new one
            assert throttle.read(connection, "k", now=1062.0) == (1, 1121.0)
            assert throttle.clear(connection, "k") == 1
            assert throttle.read(connection, "k", now=1062.0) == (0, 1062.0)
    finally:
        engine.dispose()


def test_concurrent_increments_are_all_counted(desk_url: str) -> None:
    engine = make_engine(desk_url)
    writing = engine.execution_options(**{WRITES: True})
    try:

        def hit() -> None:
            for _ in range(10):
                with writing.begin() as connection:
                    throttle.increment(connection, "shared", 3600, 1, now=5000.0)

        threads = [threading.Thread(target=hit) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with engine.connect() as connection:
            assert throttle.read(connection, "shared", now=5001.0)[0] == 40
    finally:
        engine.dispose()
