"""The ReactorBench workloads in Twisted, for comparison.

Setup: python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install twisted
Run:   /tmp/bench-venv/bin/python Benchmarks/twisted/reactor_bench.py
"""
import time

from twisted.internet import epollreactor

epollreactor.install()
from twisted.internet import reactor  # noqa: E402
from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol  # noqa: E402
from twisted.internet.protocol import Factory, Protocol  # noqa: E402

TIMERS = 1_000_000


def report(name, value, unit):
    print(f"{name}: {value:.1f} {unit}")


def bench_call_later_cancel():
    start = time.perf_counter()
    calls = [reactor.callLater(60 + i % 1000, lambda: None) for i in range(TIMERS)]
    for call in calls:
        call.cancel()
    seconds = time.perf_counter() - start
    # Cancelled calls are removed lazily; let the reactor forget them before the next workload.
    reactor._cancellations = 0
    reactor._pendingTimedCalls = []
    report("callLater+cancel", TIMERS / seconds / 1e6, f"M pairs/s ({TIMERS} in {seconds:.3f} s)")


class Echo(Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


class PingPong(Protocol):
    def __init__(self, rounds, done):
        self.rounds, self.done = rounds, done
        self.completed = 0
        self.pending = 0
        self.message = b"p" * 64

    def connectionMade(self):
        self.transport.setTcpNoDelay(True)
        self.transport.write(self.message)

    def dataReceived(self, data):
        self.pending += len(data)
        while self.pending >= 64:
            self.pending -= 64
            self.completed += 1
            if self.completed == self.rounds:
                self.transport.loseConnection()
                self.done()
                return
            self.transport.write(self.message)


class Bulk(Protocol):
    def __init__(self, total, done):
        self.total, self.done = total, done
        self.window = 4 * 1024 * 1024
        self.chunk = b"b" * (64 * 1024)
        self.sent = 0
        self.received = 0
        self.finished = False

    def connectionMade(self):
        self.fill()

    def fill(self):
        while self.sent < self.total and self.sent - self.received < self.window:
            self.transport.write(self.chunk)
            self.sent += len(self.chunk)

    def dataReceived(self, data):
        self.received += len(data)
        if self.received >= self.total:
            if not self.finished:
                self.finished = True
                self.transport.loseConnection()
                self.done()
            return
        self.fill()


def main():
    bench_call_later_cancel()

    results = {}
    state = {"fired": 0}

    def fire():
        state["fired"] += 1
        if state["fired"] == TIMERS:
            results["timers"] = time.perf_counter() - results["timers_start"]
            start_ping()

    def start_timers():
        results["timers_start"] = time.perf_counter()
        for i in range(TIMERS):
            reactor.callLater((i % 1000) * 1e-6, fire)

    port = reactor.listenTCP(0, Factory.forProtocol(Echo), interface="127.0.0.1")
    endpoint = TCP4ClientEndpoint(reactor, "127.0.0.1", port.getHost().port)

    def start_ping():
        rounds = 100_000
        start = time.perf_counter()

        def done():
            seconds = time.perf_counter() - start
            results["ping"] = (rounds, seconds)
            start_bulk()

        connectProtocol(endpoint, PingPong(rounds, done))

    def start_bulk():
        total = 1024 * 1024 * 1024
        start = time.perf_counter()

        def done():
            results["bulk"] = (total, time.perf_counter() - start)
            reactor.stop()

        connectProtocol(endpoint, Bulk(total, done))

    reactor.callWhenRunning(start_timers)
    reactor.run()
    report("callLater firing", TIMERS / results["timers"] / 1e6, f"M calls/s ({TIMERS} in {results['timers']:.3f} s)")
    rounds, seconds = results["ping"]
    report("TCP ping-pong", rounds / seconds / 1000, f"k round trips/s ({rounds} in {seconds:.3f} s)")
    total, seconds = results["bulk"]
    report("bulk echo", total / seconds / 1e6, f"MB/s (1 GiB each way in {seconds:.3f} s)")


if __name__ == "__main__":
    main()
