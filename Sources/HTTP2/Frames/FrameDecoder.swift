/// Turns received bytes, split in any way, into typed ``HTTP2Frame``s, enforcing the framing rules
/// of RFC 9113 §4 and §6.
///
/// Feed bytes as they arrive with ``feed(_:)``, then call ``next()`` until it returns nil (more bytes
/// needed). Every violation is thrown as the ``HTTP2Error`` the RFC names:
/// - a **connection** error (frame larger than ``maxFrameSize``, a wrong size for the type, bad
///   padding, a stream id of 0 where one is required or the reverse, interleaving inside a field
///   block, invalid SETTINGS values, a PRIORITY frame that is not the client preface, …) leaves the
///   decoder failed: every later call throws the same error;
/// - a **stream** error (a PRIORITY frame of the wrong size or depending on itself, a WINDOW_UPDATE
///   of 0 on a stream) consumes that frame only; the next call goes on with the following frame.
///
/// Frames of unknown types are skipped (RFC 9113 §5.5), except inside a field block, where any
/// frame but CONTINUATION on the same stream is a connection error (§6.10). The decoder checks what
/// can be checked from the frames alone; what depends on stream state, flow control or settings
/// negotiation is the state machines' job. The result never depends on how the input was split.
///
/// A value type with no I/O; confine it like the connection that owns it.
public struct FrameDecoder: Sendable {
    private enum State: Sendable {
        /// Expecting the rest of the client connection preface (a server's decoder); `matched`
        /// octets have been checked.
        case preface(matched: Int)
        /// Reading frames; inside a field block when `continuationOf` names its stream.
        case frames(continuationOf: UInt32?)
        /// A connection error was found; it is thrown again on every call.
        case failed(HTTP2Error)
    }

    /// The frame header's length (RFC 9113 §4.1).
    public static let headerLength = 9

    private var state: State
    private var buffer: [UInt8] = []
    private var readIndex = 0
    /// The largest payload accepted: our SETTINGS_MAX_FRAME_SIZE once the peer has acknowledged it
    /// (16,384 until then). Larger frames are a FRAME_SIZE_ERROR connection error.
    public var maxFrameSize: Int

    /// A decoder for frames sent to a client (`expectClientPreface` false: frames from the first
    /// byte), or to a server (true: the 24-octet client preface first, a PROTOCOL_ERROR if it differs).
    public init(maxFrameSize: Int = 16_384, expectClientPreface: Bool = false) {
        self.maxFrameSize = maxFrameSize
        self.state = expectClientPreface ? .preface(matched: 0) : .frames(continuationOf: nil)
    }

    /// Octets received and not yet returned as frames.
    public var bufferedByteCount: Int { self.buffer.count - self.readIndex }

    /// True while a field block is open (HEADERS or PUSH_PROMISE without END_HEADERS was returned).
    public var isInsideFieldBlock: Bool {
        if case .frames(let stream?) = self.state { return stream != 0 }
        return false
    }

    /// Adds received bytes. When nothing is buffered the array is adopted without a copy.
    public mutating func feed(_ bytes: [UInt8]) {
        if self.readIndex == self.buffer.count {
            self.buffer = bytes
            self.readIndex = 0
            return
        }
        self.compact()
        self.buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes (copied).
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        self.compact()
        self.buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        if self.readIndex == self.buffer.count {
            self.buffer.removeAll(keepingCapacity: true)
            self.readIndex = 0
        } else if self.readIndex > 0 && self.readIndex >= self.buffer.count / 2 {
            self.buffer.removeSubrange(..<self.readIndex)
            self.readIndex = 0
        }
    }

    /// The next complete frame, or nil when more bytes are needed.
    ///
    /// - Throws: ``HTTP2Error``; see the type's discussion for which errors end the decoder.
    public mutating func next() throws(HTTP2Error) -> HTTP2Frame? {
        while true {
            switch self.state {
            case .failed(let error):
                throw error
            case .preface(let matched):
                if let error = self.matchPreface(matched) { return try self.fail(error) }
                if case .preface = self.state { return nil }
            case .frames(let continuationOf):
                let available = self.buffer.count - self.readIndex
                guard available >= Self.headerLength else { return nil }
                let header = self.buffer.withUnsafeBufferPointer { FrameHeader(UnsafeBufferPointer(rebasing: $0[self.readIndex...])) }
                if header.length > self.maxFrameSize {
                    return try self.fail(
                        .connection(.frameSizeError, "a \(header.type) frame of \(header.length) octets exceeds \(self.maxFrameSize)"))
                }
                if let stream = continuationOf, header.type != .continuation || header.streamID != stream {
                    return try self.fail(
                        .connection(.protocolError, "\(header.type) on stream \(header.streamID) inside the field block of stream \(stream)"))
                }
                if continuationOf == nil && header.type == .continuation {
                    return try self.fail(.connection(.protocolError, "CONTINUATION on stream \(header.streamID) outside a field block"))
                }
                guard available >= Self.headerLength + header.length else { return nil }
                let start = self.readIndex + Self.headerLength
                let payload = self.buffer[start..<(start + header.length)]
                self.readIndex = start + header.length
                let frame: HTTP2Frame?
                do throws(HTTP2Error) {
                    frame = try Self.parse(header, payload)
                } catch {
                    if error.isConnectionError { return try self.fail(error) }
                    throw error
                }
                guard let frame else { continue }  // an unknown type: skipped
                switch frame.payload {
                case .headers(let headers): self.state = .frames(continuationOf: headers.endHeaders ? nil : frame.streamID)
                case .pushPromise(let promise): self.state = .frames(continuationOf: promise.endHeaders ? nil : frame.streamID)
                case .continuation(let continuation): self.state = .frames(continuationOf: continuation.endHeaders ? nil : frame.streamID)
                default: break
                }
                return frame
            }
        }
    }

    private mutating func fail(_ error: HTTP2Error) throws(HTTP2Error) -> HTTP2Frame? {
        self.state = .failed(error)
        throw error
    }

    /// Checks buffered bytes against the client preface; moves to `.frames` once all 24 matched.
    private mutating func matchPreface(_ matched: Int) -> HTTP2Error? {
        let preface = ConnectionPreface.client
        var matched = matched
        while matched < preface.count && self.readIndex < self.buffer.count {
            if self.buffer[self.readIndex] != preface[matched] {
                return .connection(.protocolError, "the connection does not start with the HTTP/2 client preface")
            }
            matched += 1
            self.readIndex += 1
        }
        self.state = matched == preface.count ? .frames(continuationOf: nil) : .preface(matched: matched)
        return nil
    }
}

/// The 9-octet frame header (RFC 9113 §4.1); the reserved bit of the stream id is ignored.
struct FrameHeader {
    let length: Int
    let type: FrameType
    let flags: UInt8
    let streamID: UInt32

    @inline(__always)
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.length = Int(bytes[0]) << 16 | Int(bytes[1]) << 8 | Int(bytes[2])
        self.type = FrameType(rawValue: bytes[3])
        self.flags = bytes[4]
        self.streamID = (UInt32(bytes[5]) << 24 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 8 | UInt32(bytes[8])) & 0x7FFF_FFFF
    }

    @inline(__always)
    func has(_ flag: UInt8) -> Bool { self.flags & flag != 0 }
}
