"""The ANS page is live: when a model a step watches (`register(step, watch=...)`) is saved or
deleted, that step is synchronised again once the transaction commits, once per transaction
whatever the number of objects changed, in the worker (`tasks.ans_sync`, queued on commit: at
ten times ISVIMED's size the follow-up cycle's step takes more than a second, too long for the
request that saved a report). Nothing is queued when the transaction rolls back. Paths that skip
the model signals (bulk_create, queryset.update) call `resync()` themselves (the workbook import
does, for every step). When the broker is down the daily sweep catches up.

Only the instances are synchronised here (titles, dates, completion, state as of today in
Bogotá). Notices stay with the daily sweep (`services.sweep`), which claims each instance before
warning, so a live synchronisation never sends a notice and never makes one be sent twice.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save

log = logging.getLogger(__name__)

_local = threading.local()


class _Resync:
    """The on-commit callback of one transaction: the steps to synchronise, gathered until it runs."""

    def __init__(self) -> None:
        self.steps: set[str] = set()
        self.ran = False

    def __call__(self) -> None:
        from .tasks import ans_sync

        self.ran = True
        steps = sorted(self.steps)
        try:
            ans_sync.delay(steps)
        except Exception:  # broker down: the change is committed; the daily sweep catches up
            log.warning("Could not queue the ANS synchronisation of %s; the daily sweep will do it.", steps)


@contextmanager
def quiet() -> Iterator[None]:
    """While synchronising, the synchronisation's own writes (policies created) queue nothing."""
    before = getattr(_local, "running", False)
    _local.running = True
    try:
        yield
    finally:
        _local.running = before


def _registered(callback: _Resync, using: str) -> bool:
    """Whether the callback still waits for the commit (a rolled-back savepoint drops it)."""
    connection = transaction.get_connection(using)
    return not callback.ran and any(entry[1] is callback for entry in connection.run_on_commit)


def resync(steps: Iterable[str] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Synchronise `steps` (every registered step when None) when the current transaction
    commits (at once outside a transaction), joining the steps already waiting."""
    from .registry import providers

    if getattr(_local, "running", False):  # the synchronisation's own writes (policies created)
        return
    wanted = set(providers()) if steps is None else set(steps)
    if not wanted:
        return
    pending: dict[str, _Resync] = _local.__dict__.setdefault("pending", {})
    callback = pending.get(using)
    if callback is not None and transaction.get_connection(using).in_atomic_block and _registered(callback, using):
        callback.steps |= wanted
        return
    callback = pending[using] = _Resync()
    callback.steps |= wanted
    transaction.on_commit(callback, using=using)


def forget() -> None:
    """Drop what waits for a commit that will not come (a test's transaction never commits: its
    `committed` fixture calls this so that the block it runs gathers its own steps)."""
    _local.__dict__.pop("pending", None)


def _changed(sender, instance=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    from .registry import watched

    resync(watched().get(sender, ()), using=using)


def _policy_changed(sender, instance=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    if instance is not None:
        resync([instance.step], using=using)


def connect() -> None:
    """Connect the signals of every watched model (called once, when the app is ready)."""
    from .models import AnsPolicy
    from .registry import watched

    for model in watched():
        post_save.connect(_changed, sender=model, dispatch_uid=f"ans-live-save-{model.__module__}.{model.__qualname__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"ans-live-delete-{model.__module__}.{model.__qualname__}")
    post_save.connect(_policy_changed, sender=AnsPolicy, dispatch_uid="ans-live-policy")
