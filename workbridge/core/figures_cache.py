"""A cache for computed figures (dashboards, reports) that is dropped whenever a record behind them changes.

Entries are keyed by a *generation* number kept in the cache itself; ``changed(name)`` moves the generation on,
so every entry written before is never read again (and expires with its time-out). Apps call ``changed`` from
services that write in bulk (bulk_create / update bypass model signals) and connect ``watch(name, models)`` for
the models whose single saves and deletes move the figures. The generation moves at once and again when the
transaction commits, so a reader between the two cannot keep figures from before the write.

With Redis (production) all processes share the generation; with the local-memory cache of a development
server each process has its own, and ``TIMEOUT`` bounds how stale another process can be.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TIMEOUT = 300  # seconds


def _gen_key(name: str) -> str:
    return f"figures-gen:{name}"


def generation(name: str) -> int:
    gen = cache.get(_gen_key(name))
    if gen is None:
        cache.add(_gen_key(name), 1, timeout=None)
        gen = cache.get(_gen_key(name)) or 1
    return gen


def _bump(name: str) -> None:
    try:
        cache.incr(_gen_key(name))
    except ValueError:  # not there (evicted or never read): any new value invalidates
        cache.set(_gen_key(name), int(dt.datetime.now().timestamp() * 1000), timeout=None)


def changed(name: str) -> None:
    """The records behind the figures ``name`` changed: drop the cached figures now and after commit."""
    _bump(name)
    transaction.on_commit(lambda: _bump(name))


def cached(name: str, parts: tuple, compute, timeout: int = TIMEOUT):
    """``compute()`` cached under ``parts`` (anything with a stable repr) for the current generation of ``name``."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    key = f"figures:{name}:{generation(name)}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value


def watch(name: str, models) -> None:
    """Every save or delete of one of ``models`` changes the figures ``name``."""

    def receiver(sender, **kwargs):
        changed(name)

    for model in models:
        if model is None:
            continue
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"figures-{name}-save-{model._meta.label}")
        post_delete.connect(
            receiver, sender=model, weak=False, dispatch_uid=f"figures-{name}-delete-{model._meta.label}"
        )
