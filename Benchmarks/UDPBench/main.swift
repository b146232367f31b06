// UDP through DatagramProtocol on one reactor: a client keeps WINDOW datagrams in flight to an echo port
// on 127.0.0.1 and sends a new one for each reply, until N replies have arrived. Every datagram goes
// through the kernel's loopback twice and through datagramReceived twice (server and client).
//
//   swift build -c release --product UDPBench && .build/release/UDPBench [N] [WINDOW] [SIZE]
//
// The same workload in C (epoll, recvfrom/sendto or recvmmsg): Benchmarks/c/udp_echo_bench.c; in Twisted:
// Benchmarks/twisted/udp_bench.py. Figures: docs/performance.md.
import Deferred
import Glibc
import Reactor

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let total = arguments.count > 0 ? arguments[0] : 1_000_000
let window = arguments.count > 1 ? arguments[1] : 32
let size = arguments.count > 2 ? arguments[2] : 64

/// Sends every datagram back.
final class EchoServer: DatagramProtocol {
    var transport: (any DatagramTransport)?

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        try? transport?.write(datagram, to: address)
    }
}

/// Keeps `window` datagrams in flight until `total` replies arrived; tops the window up if datagrams were
/// dropped (checked every 100 ms).
final class Client: DatagramProtocol {
    var transport: (any DatagramTransport)?
    let server: Address
    let payload: [UInt8]
    private(set) var sent = 0
    private(set) var received = 0
    private(set) var sendFailures = 0
    let done = Deferred<Void>()

    init(server: Address) {
        self.server = server
        payload = [UInt8](repeating: 0x5a, count: size)
    }

    func startProtocol() {
        fill()
    }

    func fill() {
        while sent - received < window, sent < total {
            do {
                try transport?.write(payload, to: server)
                sent += 1
            } catch {
                sendFailures += 1
                return
            }
        }
    }

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        received += 1
        if received >= total {
            if !done.isCalled { done.callback(()) }
            return
        }
        fill()
    }

    /// Counts datagrams lost on the way as received, so the window refills.
    func forgiveLosses(since previous: Int) {
        if received == previous, sent > received {
            sent = received
            fill()
        }
    }
}

let reactor = try EpollReactor()
let server = try reactor.listenUDP(port: 0, protocol: EchoServer(), interface: "127.0.0.1", maxPacketSize: 2048)
let client = Client(server: server.getHost())
var start = ContinuousClock.now
var lastReceived = -1
let watchdog = LoopingCall(clock: reactor) {
    client.forgiveLosses(since: lastReceived)
    lastReceived = client.received
}
reactor.callWhenRunning {
    start = ContinuousClock.now
    _ = try? reactor.listenUDP(port: 0, protocol: client, interface: "127.0.0.1", maxPacketSize: 2048)
    _ = watchdog.start(.milliseconds(100), now: false)
}
_ = client.done.addCallback { (_: Void) -> Void in
    watchdog.stop()
    try? reactor.stop()
}
try reactor.run()
let elapsed = ContinuousClock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let rate = Double(client.received) / seconds
print(
    "udp echo (torsion): \(Int(rate)) round trips/s, \(Int(2 * rate)) datagrams/s through datagramReceived "
        + "(\(client.received) in \(format3(seconds)) s, window \(window), \(size) B, "
        + "\(client.sendFailures) full send buffers)")

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}
