"""The loops of Benchmarks/DeferredBench/main.swift, in Twisted, for comparison.

Run with a Twisted install (for example a venv):

    python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install twisted
    /tmp/bench-venv/bin/python Benchmarks/twisted/defer_bench.py [ROUNDS [NAME ...]]

Prints one line per benchmark, `name ns_per_op=X ops=N`, the best of ROUNDS runs (default 3). Names after
ROUNDS select benchmarks. Note that Twisted runs a Deferred's callbacks with `list.pop(0)`, so
addCallback_1M_on_one_deferred_then_fire is quadratic and takes minutes per round.
"""

import gc
import sys
import time

from twisted.internet.defer import Deferred, DeferredLock, DeferredQueue, gatherResults

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SELECTED = sys.argv[2:]
MILLION = 1_000_000
HUNDRED_THOUSAND = 100_000

sink = [0]


def plus_one(value):
    return value + 1


def record(value):
    sink[0] += value if isinstance(value, int) else len(value)
    return value


def fresh_deferred():
    # A fresh Deferred per operation: create, add one callback, fire, read the result.
    for i in range(MILLION):
        d = Deferred()
        d.addCallback(plus_one)
        d.callback(i)
        d.addCallback(record)


def many_callbacks_one_deferred():
    # One Deferred: add 1,000,000 callbacks, then fire once.
    d = Deferred()
    for _ in range(MILLION):
        d.addCallback(plus_one)
    d.callback(0)
    d.addCallback(record)


def linked_chain():
    # 1,000,000 Deferreds, each one's callback returning the next, unfired one; firing the last resolves all.
    ds = [Deferred() for _ in range(MILLION)]
    for i in range(MILLION - 1):
        nxt = ds[i + 1]
        ds[i].addCallback(lambda _, nxt=nxt: nxt)
    for i in range(MILLION - 1):
        ds[i].callback(0)
    ds[MILLION - 1].callback(7)
    ds[0].addCallback(record)


def gather():
    # gatherResults of 100,000 unfired Deferreds, then fire each.
    ds = [Deferred() for _ in range(HUNDRED_THOUSAND)]
    gathered = gatherResults(ds)
    for i, d in enumerate(ds):
        d.callback(i)
    gathered.addCallback(record)


LOCK = DeferredLock()


def lock_run():
    # DeferredLock.run with a synchronous body, uncontended: acquire, run, release.
    for i in range(MILLION):
        LOCK.run(lambda i=i: i).addCallback(record)


QUEUE = DeferredQueue()


def queue_get_then_put():
    # DeferredQueue: a get() waiting first, then the put() that fires it.
    for i in range(MILLION):
        d = QUEUE.get()
        QUEUE.put(i)
        d.addCallback(record)


BENCHMARKS = [
    ("addCallback_fire_fresh_deferred", MILLION, fresh_deferred),
    ("addCallback_1M_on_one_deferred_then_fire", MILLION, many_callbacks_one_deferred),
    ("chain_1M_linked_deferreds", MILLION, linked_chain),
    ("gatherResults_100k", HUNDRED_THOUSAND, gather),
    ("DeferredLock_run_uncontended", MILLION, lock_run),
    ("DeferredQueue_get_then_put", MILLION, queue_get_then_put),
]


def main():
    for name, ops, body in BENCHMARKS:
        if SELECTED and name not in SELECTED:
            continue
        best = None
        for _ in range(ROUNDS):
            gc.collect()
            start = time.perf_counter_ns()
            body()
            elapsed = time.perf_counter_ns() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"{name} ns_per_op={best / ops:.1f} ops={ops}", flush=True)


main()
