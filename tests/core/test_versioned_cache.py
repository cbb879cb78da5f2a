"""isvimed_planning.caching.versioned: a value is computed once per version of its inputs, also
when several requests ask for it at the same moment."""
import threading
import time

import pytest

from isvimed_planning import caching
from isvimed_planning.caching import versioned


def test_the_same_version_is_computed_once_and_a_new_version_again():
    calls = []

    def compute():
        calls.append(1)
        return f"cifras {len(calls)}"

    assert versioned("tablero", (1, 5), compute) == "cifras 1"
    assert versioned("tablero", (1, 5), compute) == "cifras 1"
    caching.clear_local()  # another process: reads the shared cache, computes nothing
    assert versioned("tablero", (1, 5), compute) == "cifras 1"
    assert versioned("tablero", (2, 5), compute) == "cifras 2"
    assert len(calls) == 2


def test_requests_arriving_together_wait_for_one_computation():
    calls = []
    results = []

    def slow():
        calls.append(1)
        time.sleep(0.4)
        return "cifras del instituto"

    def request():
        results.append(versioned("tablero", (7,), slow))

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert results == ["cifras del instituto"] * 4
    assert len(calls) == 1


def test_a_failed_computation_lets_the_waiting_request_compute():
    started = threading.Event()
    results = []

    def failing():
        started.set()
        time.sleep(0.2)
        raise RuntimeError("base de datos caída")

    def first():
        with pytest.raises(RuntimeError):
            versioned("tablero", (9,), failing)

    thread = threading.Thread(target=first)
    thread.start()
    started.wait(5)
    asked = time.monotonic()
    results.append(versioned("tablero", (9,), lambda: "cifras"))
    waited = time.monotonic() - asked
    thread.join(timeout=10)
    assert results == ["cifras"]
    assert waited < 5  # not the whole lock time (30 s): it noticed the failure
