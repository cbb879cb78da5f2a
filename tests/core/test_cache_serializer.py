"""The Redis cache pickles with the garbage collector paused (large cached figures unpickle twice
as fast), and always turns it back on: a collector left off would let memory grow unnoticed."""
import gc
from decimal import Decimal

import pytest

from isvimed_planning.cache_serializer import Serializer


def test_values_come_back_equal_and_the_collector_is_on_again():
    serializer = Serializer()
    figures = {"definitivo": Decimal("1234567.89"), "proyectos": [1, 2, 3]}
    assert serializer.loads(serializer.dumps(figures)) == figures
    assert serializer.dumps(7) == 7  # counters stay plain integers (incr and decr are atomic on them)
    assert gc.isenabled()


def test_a_value_that_cannot_be_read_leaves_the_collector_on():
    with pytest.raises(Exception):  # noqa: B017 - whatever pickle raises on garbage
        Serializer().loads(b"\x80\x05not a pickle")
    assert gc.isenabled()


def test_the_collector_stays_off_when_the_caller_had_turned_it_off():
    gc.disable()
    try:
        Serializer().loads(Serializer().dumps([1]))
        assert not gc.isenabled()
    finally:
        gc.enable()
