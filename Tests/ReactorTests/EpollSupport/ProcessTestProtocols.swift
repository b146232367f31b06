import Deferred
@testable import Reactor

/// What a ``RecordingProcess`` saw, as a value that can leave the reactor thread.
struct ProcessEvents: Sendable {
    /// Events in order: "made", "out", "err", "data N", "lost N", "exited", "ended".
    var events: [String] = []
    var out: [UInt8] = []
    var err: [UInt8] = []
    var other: [Int32: [UInt8]] = [:]
    var exitCode: Int32?
    var signal: Int32?
    var isDone = false
    var pidAtStart: Int32?
    var pidAfterExit: Int32?

    var outText: String { String(decoding: out, as: UTF8.self) }
    var errText: String { String(decoding: err, as: UTF8.self) }

    /// The events without data events (which come in arbitrary chunks).
    var lifecycle: [String] { events.filter { $0 != "out" && $0 != "err" && !$0.hasPrefix("data") } }
}

/// Records every call; `ended` fires with the record at `processEnded`.
class RecordingProcess: ProcessProtocol {
    var transport: (any ProcessTransport)?
    var record = ProcessEvents()
    let ended = Deferred<ProcessEvents>()
    let exited = Deferred<Void>()

    func connectionMade() {
        record.events.append("made")
        record.pidAtStart = transport?.pid
    }

    func childDataReceived(fd: Int32, data: [UInt8]) {
        switch fd {
        case 1:
            record.events.append("out")
            record.out += data
        case 2:
            record.events.append("err")
            record.err += data
        default:
            record.events.append("data \(fd)")
            record.other[fd, default: []] += data
        }
    }

    func childConnectionLost(fd: Int32) {
        record.events.append("lost \(fd)")
    }

    func processExited(reason: any ProcessExitReason) {
        record.events.append("exited")
        record.pidAfterExit = transport?.pid
        exited.callback(())
    }

    func processEnded(reason: any ProcessExitReason) {
        record.events.append("ended")
        record.exitCode = reason.exitCode
        record.signal = reason.signal
        record.isDone = reason is ProcessDone
        ended.callback(record)
    }
}

/// Writes `total` bytes to the child's stdin as a push producer that honours pause/resume, then closes
/// stdin; counts the pauses.
final class StdinPump: PushProducer {
    private weak var transport: (any ProcessTransport)?
    private let chunk: [UInt8]
    private var remaining: Int
    private var paused = false
    private(set) var pauses = 0
    private var stopped = false

    init(transport: any ProcessTransport, total: Int, chunkSize: Int = 16 * 1024) {
        self.transport = transport
        self.remaining = total
        self.chunk = (0..<chunkSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    }

    func start() {
        transport?.registerProducer(self, streaming: true)
        pump()
    }

    private func pump() {
        while !paused, !stopped, remaining > 0, let transport {
            let size = min(chunk.count, remaining)
            remaining -= size
            transport.write(size == chunk.count ? chunk : Array(chunk[..<size]))
        }
        if remaining == 0, !stopped, let transport {
            stopped = true
            transport.unregisterProducer()
            transport.closeStdin()
        }
    }

    /// The bytes the pump writes, in order.
    static func expected(total: Int, chunkSize: Int = 16 * 1024) -> [UInt8] {
        let chunk = (0..<chunkSize).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        while bytes.count < total {
            bytes += chunk.prefix(total - bytes.count)
        }
        return bytes
    }

    func pauseProducing() {
        if !paused { pauses += 1 }
        paused = true
    }

    func resumeProducing() {
        paused = false
        pump()
    }

    func stopProducing() {
        stopped = true
    }
}
