// Reactor benchmarks; run in release mode: `swift run -c release ReactorBench`.
// The same workloads in Twisted: Benchmarks/twisted/reactor_bench.py.
import Deferred
import Glibc
import Reactor

/// Times `body` with the monotonic clock; returns seconds.
func measure(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func report(_ name: String, _ value: Double, _ unit: String) {
    let rounded = (value * 10).rounded() / 10
    print("\(name): \(rounded) \(unit)")
}

let timerCount = 1_000_000

// 1. callLater + cancel.
do {
    let reactor = try EpollReactor()
    var calls: [DelayedCall] = []
    calls.reserveCapacity(timerCount)
    let seconds = measure {
        for index in 0..<timerCount {
            calls.append(reactor.callLater(.seconds(60 + index % 1000)) {})
        }
        for call in calls {
            try? call.cancel()
        }
    }
    report("callLater+cancel", Double(timerCount) / seconds / 1e6, "M pairs/s (\(timerCount) in \(seconds) s)")
}

// 2. callLater firing.
do {
    let reactor = try EpollReactor()
    var fired = 0
    let seconds = try measure {
        for index in 0..<timerCount {
            reactor.callLater(.microseconds(index % 1000)) {
                fired += 1
                if fired == timerCount { try? reactor.stop() }
            }
        }
        try reactor.run()
    }
    report("callLater firing", Double(timerCount) / seconds / 1e6, "M calls/s (\(fired) in \(seconds) s)")
}

/// Echoes everything.
final class Echo: BaseProtocol {
    override func dataReceived(_ data: [UInt8]) { transport?.write(data) }
}

/// Sends one 64-byte message per round trip, `rounds` times.
final class PingPong: BaseProtocol {
    let rounds: Int
    var completed = 0
    var pending = 0
    let message = [UInt8](repeating: 0x70, count: 64)
    let done = Deferred<Void>()
    init(rounds: Int) { self.rounds = rounds }
    override func connectionMade() {
        (transport as? any TCPTransport)?.setTcpNoDelay(true)
        transport?.write(message)
    }
    override func dataReceived(_ data: [UInt8]) {
        pending += data.count
        while pending >= message.count {
            pending -= message.count
            completed += 1
            if completed == rounds {
                transport?.loseConnection()
                done.callback(())
                return
            }
            transport?.write(message)
        }
    }
}

/// Streams `total` bytes through the echo server, keeping at most `window` bytes in flight.
final class BulkClient: BaseProtocol {
    let total: Int
    let window = 4 * 1024 * 1024
    let chunk = [UInt8](repeating: 0x62, count: 64 * 1024)
    var sent = 0
    var received = 0
    let done = Deferred<Void>()
    init(total: Int) { self.total = total }
    override func connectionMade() { fill() }
    func fill() {
        while sent < total, sent - received < window {
            transport?.write(chunk)
            sent += chunk.count
        }
    }
    override func dataReceived(_ data: [UInt8]) {
        received += data.count
        if received >= total {
            if !done.isCalled {
                transport?.loseConnection()
                done.callback(())
            }
            return
        }
        fill()
    }
}

/// Runs `client` against an echo server on loopback and returns the seconds from connect to `done`.
func runEcho<P: BaseProtocol>(_ client: P, done: @escaping (P) -> Deferred<Void>) throws -> Double {
    let reactor = try EpollReactor()
    let port = try reactor.listenTCP(port: 0, factory: ProtocolFactory.forProtocol { Echo() }, interface: "127.0.0.1")
    var start = ContinuousClock.now
    var elapsed = Duration.zero
    reactor.callWhenRunning {
        start = ContinuousClock.now
        TCP4ClientEndpoint(reactor: reactor, host: "127.0.0.1", port: port.getHost().port!)
            .connectProtocol(client)
            .addCallback { (client: P) -> Deferred<Void> in done(client) }
            .addBoth { (result: Result<Void, any Error>) -> Void in
                elapsed = ContinuousClock.now - start
                if case .failure(let error) = result { print("benchmark failed: \(error)") }
                try? reactor.stop()
            }
    }
    try reactor.run()
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

// 3. TCP ping-pong.
do {
    let rounds = 100_000
    let seconds = try runEcho(PingPong(rounds: rounds)) { $0.done }
    report("TCP ping-pong", Double(rounds) / seconds / 1000, "k round trips/s (\(rounds) in \(seconds) s)")
}

// 4. Bulk echo.
do {
    let total = 1024 * 1024 * 1024
    let seconds = try runEcho(BulkClient(total: total)) { $0.done }
    report("bulk echo", Double(total) / seconds / 1e6, "MB/s (1 GiB each way in \(seconds) s)")
}
