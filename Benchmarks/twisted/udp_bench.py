"""The UDPBench workload in Twisted: a client keeps WINDOW datagrams in flight to an echo port on
127.0.0.1, a new one per reply, until N replies arrived.

Setup: python3 -m venv /tmp/bench-venv && /tmp/bench-venv/bin/pip install twisted
Run:   /tmp/bench-venv/bin/python Benchmarks/twisted/udp_bench.py [N] [WINDOW] [SIZE]
"""
import sys
import time

from twisted.internet import epollreactor

epollreactor.install()
from twisted.internet import reactor, task  # noqa: E402
from twisted.internet.protocol import DatagramProtocol  # noqa: E402

args = [int(a) for a in sys.argv[1:]]
TOTAL = args[0] if len(args) > 0 else 200_000
WINDOW = args[1] if len(args) > 1 else 32
SIZE = args[2] if len(args) > 2 else 64


class Echo(DatagramProtocol):
    def datagramReceived(self, datagram, addr):
        self.transport.write(datagram, addr)


class Client(DatagramProtocol):
    def __init__(self, server):
        self.server = server
        self.payload = b"Z" * SIZE
        self.sent = 0
        self.received = 0
        self.last = -1

    def startProtocol(self):
        self.fill()

    def fill(self):
        while self.sent - self.received < WINDOW and self.sent < TOTAL:
            self.transport.write(self.payload, self.server)
            self.sent += 1

    def datagramReceived(self, datagram, addr):
        self.received += 1
        if self.received >= TOTAL:
            reactor.stop()
            return
        self.fill()

    def watchdog(self):
        if self.received == self.last and self.sent > self.received:
            self.sent = self.received
            self.fill()
        self.last = self.received


server = reactor.listenUDP(0, Echo(), interface="127.0.0.1", maxPacketSize=2048)
client = Client(("127.0.0.1", server.getHost().port))
start = None


def begin():
    global start
    start = time.perf_counter()
    reactor.listenUDP(0, client, interface="127.0.0.1", maxPacketSize=2048)
    task.LoopingCall(client.watchdog).start(0.1, now=False)


reactor.callWhenRunning(begin)
reactor.run()
seconds = time.perf_counter() - start
rate = client.received / seconds
print(
    f"udp echo (twisted): {rate:.0f} round trips/s, {2 * rate:.0f} datagrams/s "
    f"({client.received} in {seconds:.3f} s, window {WINDOW}, {SIZE} B)"
)
