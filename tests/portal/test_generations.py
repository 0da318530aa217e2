"""portal.generations.Generation: the one generation counter behind the page cache, the training
course structures and the directory's typo vocabulary."""

import logging

import pytest
from django.core.cache import cache

from portal import generations
from portal.generations import Generation


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_bump_invalidates_keys_built_on_the_current_value():
    generation = Generation("test:generation")
    first = generation.current()
    cache.set(f"test:{first}:thing", "old")
    generation.bump()
    second = generation.current()
    assert second != first
    assert cache.get(f"test:{second}:thing") is None
    assert generation.current() == second  # reading does not bump


def test_counters_with_different_keys_are_independent():
    pages, words = Generation("test:pages"), Generation("test:words")
    before = words.current()
    pages.bump()
    assert words.current() == before


def test_bump_survives_a_missing_key():
    generation = Generation("test:evicted")
    generation.bump()  # never read: nothing to increment
    assert generation.current() == 2
    cache.delete("test:evicted")  # evicted between a read and a bump
    generation.bump()
    assert generation.current() == 2 and generation.current() != 1


def test_bump_works_as_a_signal_receiver():
    generation = Generation("test:signal")
    before = generation.current()
    generation.bump(sender=object, instance=None, created=True)
    assert generation.current() != before


class _BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        return fail


def test_a_cache_outage_is_logged_never_raised(monkeypatch, caplog):
    monkeypatch.setattr(generations, "cache", _BrokenCache())
    generation = Generation("test:outage")
    with caplog.at_level(logging.WARNING, logger="portal.generations"):
        assert generation.current() == 0  # 0: callers do not cache while the cache is away
        generation.bump()
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.WARNING]
    assert all("test:outage" in r.getMessage() for r in caplog.records)


def test_a_cache_that_fails_after_a_missing_key_is_tolerated(monkeypatch):
    class Flaky:
        def incr(self, key):
            raise ValueError(key)

        def set(self, *args, **kwargs):
            raise ConnectionError("gone")

    monkeypatch.setattr(generations, "cache", Flaky())
    Generation("test:flaky").bump()
