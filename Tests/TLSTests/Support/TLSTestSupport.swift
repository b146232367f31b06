import Deferred
import Reactor
import ReactorTesting
import TLS
import TLSTesting

/// One set of throw-away certificates for the whole test run (made once, in process).
let certificates: TLSTestCertificates = {
    do {
        return try TLSTestCertificates()
    } catch {
        fatalError("cannot make test certificates: \(error)")
    }
}()

/// Client options trusting the test CA (the default for these tests).
func trustingClientOptions(clientIdentity: TLSIdentity? = nil, minimumVersion: TLSVersion = .tls12) throws
    -> TLSClientOptions
{
    try TLSClientOptions(
        verification: .trustRoots(certificates.authority.certificate), clientIdentity: clientIdentity,
        minimumVersion: minimumVersion)
}

/// Server options presenting `identity` (the valid localhost certificate by default).
func serverOptions(_ identity: TLSIdentity = certificates.server, clientVerification: TLSClientVerification = .none)
    throws -> TLSServerOptions
{
    try TLSServerOptions(identity: identity, clientVerification: clientVerification)
}

/// A TLS client and server joined by an `IOPump`, each wrapping a recording protocol.
struct TLSPumpPair {
    let pump: IOPump
    let clientTLS: TLSMemoryBIOProtocol
    let serverTLS: TLSMemoryBIOProtocol
    let client: any ConnectionProtocol
    let server: any ConnectionProtocol

    /// Connects (without pumping unless `greet`).
    init(
        clientOptions: TLSClientOptions, serverOptions: TLSServerOptions, hostname: String? = "localhost",
        client: any ConnectionProtocol = AccumulatingProtocol(), server: any ConnectionProtocol = AccumulatingProtocol(),
        greet: Bool = true
    ) {
        clientTLS = TLSMemoryBIOProtocol(clientOptions: clientOptions, hostname: hostname, wrapping: client)
        serverTLS = TLSMemoryBIOProtocol(serverOptions: serverOptions, wrapping: server)
        self.client = client
        self.server = server
        pump = IOPump.connectedServerAndClient(server: serverTLS, client: clientTLS, greet: greet)
    }

    var clientRecorder: AccumulatingProtocol { client as! AccumulatingProtocol }
    var serverRecorder: AccumulatingProtocol { server as! AccumulatingProtocol }
}

/// Writes `greeting` when connected and echoes everything back.
final class EchoProtocol: BaseProtocol {
    let greeting: [UInt8]
    init(greeting: [UInt8] = []) { self.greeting = greeting }
    override func connectionMade() { if !greeting.isEmpty { transport?.write(greeting) } }
    override func dataReceived(_ data: [UInt8]) { transport?.write(data) }
}

/// Records data and, unlike `AccumulatingProtocol`, accepts a half-close.
final class HalfCloseRecorder: BaseProtocol, HalfCloseableProtocol {
    var data: [UInt8] = []
    var readClosed = false
    var reason: (any Error)?
    var onReadClosed: (() -> Void)?
    override func dataReceived(_ data: [UInt8]) { self.data += data }
    func readConnectionLost() {
        readClosed = true
        onReadClosed?()
    }
    override func connectionLost(reason: any Error) {
        super.connectionLost(reason: reason)
        self.reason = reason
    }
}

/// A push producer writing `total` bytes (a repeating byte pattern) in `chunk`-sized writes while not
/// paused; counts pauses. Unregisters itself when done and then calls `onDone`.
final class PatternProducer: PushProducer {
    let consumer: any Transport
    let total: Int
    let chunk: Int
    private(set) var written = 0
    private(set) var pauses = 0
    private(set) var isPaused = false
    private(set) var stopped = false
    var onDone: (() -> Void)?

    init(consumer: any Transport, total: Int, chunk: Int = 32 * 1024) {
        self.consumer = consumer
        self.total = total
        self.chunk = chunk
    }

    func start() {
        consumer.registerProducer(self, streaming: true)
        produce()
    }

    func pauseProducing() {
        if !isPaused { pauses += 1 }
        isPaused = true
    }

    func resumeProducing() {
        isPaused = false
        produce()
    }

    func stopProducing() { stopped = true }

    private func produce() {
        while !isPaused, !stopped, written < total {
            let count = min(chunk, total - written)
            consumer.write(Self.pattern(from: written, count: count))
            written += count
        }
        if written == total, !stopped {
            stopped = true
            consumer.unregisterProducer()
            onDone?()
        }
    }

    /// A block of a prime length, so chunk boundaries never line up with it.
    private static let block: [UInt8] = (0..<4093).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 5) }

    /// The bytes at `offset..<offset+count` of the pattern (the block repeated).
    static func pattern(from offset: Int, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var position = offset % block.count
        while bytes.count < count {
            let n = min(block.count - position, count - bytes.count)
            bytes.append(contentsOf: block[position..<(position + n)])
            position = 0
        }
        return bytes
    }
}

/// The TLS error a protocol was closed with, if any.
func tlsError(_ reason: (any Error)?) -> TLSError? { reason as? TLSError }
