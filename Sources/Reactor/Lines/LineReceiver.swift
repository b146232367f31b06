import Glibc

/// A protocol base class that splits incoming bytes into lines, with a raw mode for bodies.
///
/// Subclass it and override ``lineReceived(_:)`` (and ``rawDataReceived(_:)`` if you switch to raw mode).
/// Lines are delivered without the delimiter, in order, however the bytes were split across reads (a
/// delimiter may arrive in two reads). ``setRawMode()`` called from ``lineReceived(_:)`` makes the rest
/// of the buffered bytes, and later reads, go to ``rawDataReceived(_:)``; ``setLineMode(extra:)`` switches
/// back. Processing stops while the receiver is paused (``pauseProducing()``) or after the transport
/// started disconnecting; bytes stay buffered.
///
/// A line longer than ``maxLength`` (without delimiter), or ``maxLength`` plus the delimiter's length of
/// bytes without a delimiter, goes to ``lineLengthExceeded(_:)`` (default: `loseConnection()`), with the
/// buffer cleared.
///
/// Performance: the buffer is one array with a read index; the delimiter is found with `memchr` and
/// `memcmp`, resuming where the previous search stopped, so a long line arriving in many small reads is
/// scanned once; consumed bytes are discarded in bulk.
///
/// Threading: not Sendable; reactor thread only.
///
/// Twisted: `twisted.protocols.basic.LineReceiver`.
open class LineReceiver: BaseProtocol, PushProducer {
    /// The line delimiter (default CRLF). Must not be empty. Change it only between lines.
    ///
    /// Twisted: `LineReceiver.delimiter`.
    public var delimiter: [UInt8] = [13, 10] {
        didSet {
            precondition(!delimiter.isEmpty, "LineReceiver.delimiter must not be empty")
            searchFrom = start
        }
    }

    /// The longest line accepted, in bytes without the delimiter (default 16384).
    ///
    /// Twisted: `LineReceiver.MAX_LENGTH`.
    public var maxLength = 16384

    /// Whether bytes are split into lines (true) or passed on raw (false).
    ///
    /// Twisted: `LineReceiver.line_mode`.
    public private(set) var isLineMode = true

    /// Whether processing is paused by ``pauseProducing()``.
    ///
    /// Twisted: `_PauseableMixin.paused`.
    public private(set) var isPaused = false

    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte of `buffer`.
    private var start = 0
    /// Where the next delimiter search starts (bytes before it are known not to begin a delimiter).
    private var searchFrom = 0
    private var isBusy = false

    /// Creates a receiver in line mode.
    public override init() {
        super.init()
    }

    /// Buffers `data` and delivers the complete lines (or raw data) it makes available.
    ///
    /// Re-entrant calls (from inside ``lineReceived(_:)``) only buffer; the outer call processes.
    open override func dataReceived(_ data: [UInt8]) {
        append(data)
        guard !isBusy else { return }
        isBusy = true
        defer { isBusy = false }
        while start < buffer.count, !isPaused {
            if isLineMode {
                guard let end = findDelimiter() else {
                    if buffer.count - start >= maxLength + delimiter.count {
                        let line = clearLineBuffer()
                        lineLengthExceeded(line)
                    }
                    return
                }
                let lineLength = end - start
                if lineLength > maxLength {
                    let exceeded = clearLineBuffer()
                    lineLengthExceeded(exceeded)
                    return
                }
                let line = Array(buffer[start..<end])
                start = end + delimiter.count
                searchFrom = start
                lineReceived(line)
                if transport?.isDisconnecting ?? false {
                    return
                }
            } else {
                let data = Array(buffer[start...])
                discardAll()
                rawDataReceived(data)
            }
        }
        if start == buffer.count {
            discardAll()
        }
    }

    /// Called with each line, without the delimiter. Override it; the default does nothing.
    ///
    /// Twisted: `LineReceiver.lineReceived`.
    open func lineReceived(_ line: [UInt8]) {}

    /// Called with bytes received in raw mode. Override it if you use raw mode; the default drops them.
    ///
    /// Twisted: `LineReceiver.rawDataReceived`.
    open func rawDataReceived(_ data: [UInt8]) {}

    /// Called with an over-long line (and what followed it in the buffer). The default closes the
    /// connection with `loseConnection()`.
    ///
    /// Twisted: `LineReceiver.lineLengthExceeded`.
    open func lineLengthExceeded(_ line: [UInt8]) {
        transport?.loseConnection()
    }

    /// Writes `line` followed by the delimiter, in one write.
    ///
    /// Twisted: `LineReceiver.sendLine`.
    public func sendLine(_ line: [UInt8]) {
        var bytes = line
        bytes.append(contentsOf: delimiter)
        transport?.write(bytes)
    }

    /// Switches to raw mode: buffered and future bytes go to ``rawDataReceived(_:)``.
    ///
    /// Twisted: `LineReceiver.setRawMode`.
    public func setRawMode() {
        isLineMode = false
    }

    /// Switches to line mode and processes `extra` (bytes that belong after the raw part) as input.
    ///
    /// Twisted: `LineReceiver.setLineMode`.
    public func setLineMode(extra: [UInt8] = []) {
        isLineMode = true
        searchFrom = start
        if !extra.isEmpty {
            dataReceived(extra)
        }
    }

    /// Removes and returns every buffered, unprocessed byte.
    ///
    /// Twisted: `LineReceiver.clearLineBuffer`.
    @discardableResult
    public func clearLineBuffer() -> [UInt8] {
        let rest = Array(buffer[start...])
        discardAll()
        return rest
    }

    /// Stops processing (bytes keep buffering) and pauses the transport's reading.
    ///
    /// Twisted: `_PauseableMixin.pauseProducing`.
    open func pauseProducing() {
        isPaused = true
        transport?.pauseProducing()
    }

    /// Resumes processing, including what was buffered meanwhile, and the transport's reading.
    ///
    /// Twisted: `_PauseableMixin.resumeProducing`.
    open func resumeProducing() {
        isPaused = false
        transport?.resumeProducing()
        dataReceived([])
    }

    /// Stops processing for good and stops the transport.
    ///
    /// Twisted: `_PauseableMixin.stopProducing`.
    open func stopProducing() {
        isPaused = true
        transport?.stopProducing()
    }

    // MARK: - Buffer

    private func append(_ data: [UInt8]) {
        guard !data.isEmpty else { return }
        // Drop consumed bytes in bulk once they are at least half the buffer: amortised O(1) per byte.
        if start > 0, start >= buffer.count - start {
            buffer.removeSubrange(0..<start)
            searchFrom -= start
            start = 0
        }
        buffer.append(contentsOf: data)
    }

    private func discardAll() {
        buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
        start = 0
        searchFrom = 0
    }

    /// The index of the next delimiter at or after `searchFrom`, or nil (then `searchFrom` moves to where
    /// a delimiter could still begin).
    private func findDelimiter() -> Int? {
        let count = buffer.count
        let delimiterCount = delimiter.count
        let found: Int? = buffer.withUnsafeBufferPointer { bytes in
            delimiter.withUnsafeBufferPointer { delim in
                guard let base = bytes.baseAddress, let delimBase = delim.baseAddress else { return nil }
                var index = max(searchFrom, start)
                while count - index >= delimiterCount {
                    guard let hit = memchr(base + index, Int32(delimBase[0]), count - index - delimiterCount + 1)
                    else { return nil }
                    let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if delimiterCount == 1 || memcmp(base + position + 1, delimBase + 1, delimiterCount - 1) == 0 {
                        return position
                    }
                    index = position + 1
                }
                return nil
            }
        }
        if found == nil {
            searchFrom = max(start, count - delimiterCount + 1)
        }
        return found
    }
}
