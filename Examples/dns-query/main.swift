// A DNS-style UDP client with retries, against a responder in the same program (on 127.0.0.1).
//
//   swift run dns-query                      # ask the embedded responder (it drops the first 2 datagrams)
//   swift run dns-query web mail nowhere     # names to look up
//   swift run dns-query --server 127.0.0.1:5300 web   # ask a responder started elsewhere
//   swift run dns-query --serve 5300         # only run the responder
//
// The wire format is DNS-like text, not real DNS: a query is "<id> A <name>", an answer "<id> <address>"
// or "<id> NXDOMAIN". The client keeps one query in flight per name, matches answers by id and source
// address, and resends with exponential backoff on the reactor's clock (callLater) until it gives up.
import Deferred
import Glibc
import Reactor

/// Answers queries from a fixed table; drops the first `dropFirst` datagrams to show the client's retries.
final class Responder: DatagramProtocol {
    var transport: (any DatagramTransport)?
    let table: [String: String] = ["web": "10.0.0.80", "mail": "10.0.0.25", "dns": "10.0.0.53"]
    private var toDrop: Int

    init(dropFirst: Int) {
        toDrop = dropFirst
    }

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        if toDrop > 0 {
            toDrop -= 1
            return
        }
        let fields = String(decoding: datagram, as: UTF8.self).split(separator: " ")
        guard fields.count == 3, fields[1] == "A" else { return }  // not a query: ignore, as a server would
        let answer = table[String(fields[2])] ?? "NXDOMAIN"
        try? transport?.write(Array("\(fields[0]) \(answer)".utf8), to: address)
    }
}

/// The lookup gave up after its last attempt.
struct LookupTimedOut: Error, CustomStringConvertible {
    let name: String
    let attempts: Int
    var description: String { "no answer for \(name) after \(attempts) attempts" }
}

/// Sends queries to one server and resends each until it is answered or out of attempts.
///
/// Everything runs on the reactor thread: `callLater` schedules the retries, `datagramReceived` cancels
/// them. The same code runs on `MemoryReactorClock` and `FakeDatagramTransport` in a test.
final class QueryClient: DatagramProtocol {
    var transport: (any DatagramTransport)?
    let clock: any ReactorTime
    let server: Address
    let firstTimeout: Duration
    let maxAttempts: Int

    private struct Pending {
        let name: String
        let answer: Deferred<(address: String, attempts: Int)>
        var attempts: Int
        var retry: DelayedCall?
    }

    private var pending: [UInt16: Pending] = [:]
    private var nextID = UInt16.random(in: 1...UInt16.max)

    init(clock: any ReactorTime, server: Address, firstTimeout: Duration = .milliseconds(200), maxAttempts: Int = 5) {
        self.clock = clock
        self.server = server
        self.firstTimeout = firstTimeout
        self.maxAttempts = maxAttempts
    }

    /// Looks up `name`: fires with the address (or "NXDOMAIN") and the attempts it took, or fails with
    /// ``LookupTimedOut``.
    func lookup(_ name: String) -> Deferred<(address: String, attempts: Int)> {
        nextID &+= 1
        let id = nextID
        pending[id] = Pending(name: name, answer: Deferred(), attempts: 0)
        send(id)
        return pending[id]!.answer
    }

    private func send(_ id: UInt16) {
        guard var query = pending[id] else { return }
        query.attempts += 1
        do {
            try transport?.write(Array("\(id) A \(query.name)".utf8), to: server)
        } catch {
            // A full send buffer is reported, not queued: the retry timer below resends it.
            print("  (send failed: \(error))")
        }
        // 200 ms, 400 ms, 800 ms, ...: exponential backoff.
        let timeout = firstTimeout * (1 << (query.attempts - 1))
        query.retry = clock.callLater(timeout) { [weak self] in self?.timedOut(id) }
        pending[id] = query
    }

    private func timedOut(_ id: UInt16) {
        guard let query = pending[id] else { return }
        if query.attempts < maxAttempts {
            print("  \(query.name): no answer after attempt \(query.attempts), resending")
            send(id)
        } else {
            pending[id] = nil
            query.answer.errback(LookupTimedOut(name: query.name, attempts: query.attempts))
        }
    }

    func datagramReceived(_ datagram: [UInt8], from address: Address) {
        guard address == server else { return }  // answers come from the server we asked, or are spoofed
        let fields = String(decoding: datagram, as: UTF8.self).split(separator: " ")
        guard fields.count == 2, let id = UInt16(fields[0]), let query = pending.removeValue(forKey: id) else { return }
        try? query.retry?.cancel()
        query.answer.callback((String(fields[1]), query.attempts))
    }

    func stopProtocol() {
        for query in pending.values {
            try? query.retry?.cancel()
        }
    }
}

// MARK: - The program

var arguments = Array(CommandLine.arguments.dropFirst())
var serverArgument: String?
var servePort: Int?
if let index = arguments.firstIndex(of: "--server"), index + 1 < arguments.count {
    serverArgument = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
if let index = arguments.firstIndex(of: "--serve"), index + 1 < arguments.count {
    servePort = Int(arguments[index + 1])
    arguments.removeSubrange(index...(index + 1))
}
let names = arguments.isEmpty ? ["web", "mail", "nowhere"] : arguments

exit(EpollReactor.react { reactor in
    if let servePort {
        let port = try reactor.listenUDP(port: servePort, protocol: Responder(dropFirst: 0), interface: "127.0.0.1")
        print("responder on \(port.getHost()); Ctrl-C stops it")
        return Deferred<Void>()  // runs until SIGINT/SIGTERM stop the reactor
    }
    let server: Address
    var responderPort: (any UDPPort)?
    if let serverArgument, let colon = serverArgument.lastIndex(of: ":"), let port = Int(serverArgument[serverArgument.index(after: colon)...]) {
        server = .ipv4(host: String(serverArgument[..<colon]), port: port)
    } else {
        let port = try reactor.listenUDP(port: 0, protocol: Responder(dropFirst: 2), interface: "127.0.0.1")
        responderPort = port
        server = port.getHost()
        print("responder on \(server) (drops the first 2 datagrams)")
    }
    let client = QueryClient(clock: reactor, server: server)
    let clientPort = try reactor.listenUDP(port: 0, protocol: client, interface: "127.0.0.1", maxPacketSize: 512)
    let lookups = names.map { name in
        client.lookup(name).addCallbacks({ (answer: (address: String, attempts: Int)) -> Void in
            print("\(name) -> \(answer.address) (\(answer.attempts) attempt\(answer.attempts == 1 ? "" : "s"))")
        }, errback: { error in
            print("\(name): \(error)")
        })
    }
    return Deferred.gatherResults(lookups).addCallback { _ -> Deferred<Void> in
        clientPort.stopListening().addCallback { _ -> Deferred<Void> in
            responderPort?.stopListening() ?? .succeed()
        }
    }
})
