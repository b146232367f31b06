import CTorsionTLS
import Glibc

/// One OpenSSL `SSL` over two memory BIOs (a shim `ctls_connection`): bytes from the network are fed in,
/// records for the network are taken out, and nothing here does I/O.
///
/// Freed (with its BIOs) by `deinit`; holds its ``TLSContext`` so the context outlives it.
/// Reactor-confined.
final class TLSConnection {
    /// What a step of the TLS engine came to.
    enum Status {
        /// The step is done (handshake finished; bytes read up to the limit; bytes written).
        case done
        /// More bytes from the network are needed.
        case wantRead
        /// The peer sent `close_notify`.
        case closed
        /// A TLS failure.
        case failed(TLSError)
    }

    /// The most plaintext one TLS record carries.
    static let recordSize = 16 * 1024

    let context: TLSContext
    let peerName: String?
    private let pointer: OpaquePointer
    private var scratch: UnsafeMutableRawBufferPointer?

    init(context: TLSContext, peerName: String?) throws(TLSError) {
        guard let pointer = ctls_connection_new(context.pointer) else {
            throw .invalidConfiguration(TLSLibrary.takeErrorText(fallback: "cannot create an OpenSSL connection"))
        }
        self.pointer = pointer
        self.context = context
        self.peerName = peerName
        context.liveConnections += 1
        if let peerName, !context.isServer {
            let isIP = Self.isIPLiteral(peerName)
            let checks: Int32 = context.checksPeerName ? 1 : 0
            guard ctls_connection_set_peer_name(pointer, peerName, isIP ? 1 : 0, checks) == 1 else {
                throw .invalidConfiguration(
                    TLSLibrary.takeErrorText(fallback: "cannot use \(String(reflecting: peerName)) as the server's name"))
            }
        }
    }

    deinit {
        ctls_connection_free(pointer)
        scratch?.deallocate()
        context.liveConnections -= 1
    }

    /// Appends bytes read from the network.
    func feed(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ctls_connection_feed(pointer, $0.baseAddress, $0.count) } == 1
    }

    /// Advances the handshake.
    func handshake() -> Status {
        status(ctls_connection_handshake(pointer), handshaking: true)
    }

    /// Appends decrypted bytes to `chunk` until `limit` bytes are there (`.done`), or the engine needs
    /// more input, saw `close_notify` or failed.
    func read(into chunk: inout [UInt8], limit: Int) -> Status {
        let buffer = scratchBuffer()
        while chunk.count < limit {
            var got = 0
            let code = ctls_connection_read(pointer, buffer.baseAddress, buffer.count, &got)
            if code == Int32(CTLS_OK) {
                chunk.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<got]))
                continue
            }
            return status(code, handshaking: false)
        }
        return .done
    }

    /// Encrypts `bytes` into records waiting for the network.
    func write(_ bytes: UnsafeRawBufferPointer) -> Status {
        guard !bytes.isEmpty else { return .done }
        let code = ctls_connection_write(pointer, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count)
        return status(code, handshaking: false)
    }

    /// Queues `close_notify`.
    func shutdown() {
        _ = ctls_connection_shutdown(pointer)
        ctls_clear_errors()
    }

    /// The records waiting for the network, or `nil` when there are none.
    func takeOutput() -> [UInt8]? {
        let pending = ctls_connection_pending_output(pointer)
        guard pending > 0 else { return nil }
        return [UInt8](unsafeUninitializedCapacity: pending) { buffer, count in
            count = ctls_connection_take_output(pointer, buffer.baseAddress, pending)
        }
    }

    /// The ALPN protocol chosen, if any.
    var negotiatedProtocol: String? {
        var length: UInt32 = 0
        guard let bytes = ctls_connection_alpn(pointer, &length) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(length)), as: UTF8.self)
    }

    /// The protocol version text (`"TLSv1.3"`).
    var protocolVersion: String { String(cString: ctls_connection_version(pointer)) }

    /// Whether the session was resumed.
    var isSessionReused: Bool { ctls_connection_session_reused(pointer) == 1 }

    private func scratchBuffer() -> UnsafeMutableRawBufferPointer {
        if let scratch { return scratch }
        let made = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.recordSize, alignment: 16)
        scratch = made
        return made
    }

    private func status(_ code: Int32, handshaking: Bool) -> Status {
        switch code {
        case Int32(CTLS_OK): return .done
        case Int32(CTLS_WANT_READ): return .wantRead
        case Int32(CTLS_CLOSED): return .closed
        default: return .failed(error(handshaking: handshaking))
        }
    }

    /// The error OpenSSL reports: a verification failure when the peer's certificate was checked and
    /// rejected, else OpenSSL's reason.
    private func error(handshaking: Bool) -> TLSError {
        let text = TLSLibrary.takeErrorText(fallback: "unknown TLS error")
        if handshaking, context.verifiesPeer {
            let result = ctls_connection_verify_result(pointer)
            if result != 0 {
                return .verification(
                    code: result, text: String(cString: ctls_verify_error_text(result)), peerName: peerName)
            }
        }
        return handshaking ? .handshakeFailed(text) : .protocolError(text)
    }

    /// Whether `host` is an IPv4 or IPv6 address literal (no SNI is sent for those; the certificate must
    /// name the address).
    static func isIPLiteral(_ host: String) -> Bool {
        var storage = in6_addr()
        return inet_pton(AF_INET, host, &storage) == 1 || inet_pton(AF_INET6, host, &storage) == 1
    }
}

@available(*, unavailable)
extension TLSConnection: Sendable {}
