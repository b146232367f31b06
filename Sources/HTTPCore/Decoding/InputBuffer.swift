#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bytes a parser was fed and has not consumed, shared by ``HTTPResponseParser`` and
/// ``HTTPRequestParser``: CRLF lines are taken in place (found with `memchr`), body bytes are handed out as
/// slices of the fed arrays, and only a line split across reads is copied (into `partial`).
///
/// Feed again only once the parser has consumed what it was given: the new array is then adopted as is
/// (feeding earlier works but copies the unread rest).
struct InputBuffer {
    /// A line taken by ``takeLine(_:)``: a range of ``bytes``, or the buffered `partial` line.
    enum Line {
        case input(Range<Int>)
        case buffered
    }

    /// How long a line may be: its own limit, and what is left of its section's (head, trailers).
    struct Budget {
        /// The most bytes of one line, CRLF included.
        var line: Int
        /// Which limit ``line`` is, for the error.
        var lineLimit: HTTPLimit
        /// What a line is called in the error ("header line", "chunk-size line").
        var lineName: StaticString
        /// The bytes left in the section (`Int.max` for none).
        var sectionLeft: Int
        /// The whole section's limit, for the error.
        var sectionTotal: Int
        /// Which limit the section is.
        var sectionLimit: HTTPLimit
        /// What the section is called in the error ("response head").
        var sectionName: StaticString

        /// A line that belongs to no section (a chunk-size line).
        static func line(_ max: Int, _ limit: HTTPLimit, _ name: StaticString) -> Budget {
            Budget(
                line: max, lineLimit: limit, lineName: name, sectionLeft: .max, sectionTotal: .max,
                sectionLimit: limit, sectionName: name)
        }

        /// The error for a line of `length` bytes (so far) that does not fit.
        func exceeded(_ length: Int, _ bytes: some Collection<UInt8>) -> HTTPParseError {
            if length > self.line {
                return HTTPParseError.limit(self.lineLimit, "\(self.lineName) exceeds \(self.line) bytes").attaching(bytes)
            }
            return HTTPParseError.limit(self.sectionLimit, "\(self.sectionName) exceeds \(self.sectionTotal) bytes")
                .attaching(bytes)
        }
    }

    /// The last array fed (or what was left of earlier ones).
    var bytes: [UInt8] = []
    /// The first unconsumed index of ``bytes``.
    var position = 0
    /// The start of a line that ran past the end of the input.
    var partial: [UInt8] = []
    /// nil while the connection is open; true after a clean close, false after a reset or an unclean close.
    var eof: Bool?

    /// Appends bytes read from the connection.
    mutating func feed(_ new: [UInt8]) {
        if new.isEmpty { return }
        if self.position == self.bytes.count {
            self.bytes = new
        } else {
            self.bytes.removeSubrange(0..<self.position)
            self.bytes.append(contentsOf: new)
        }
        self.position = 0
    }

    /// The number of fed bytes not consumed yet (a partial line counts as consumed).
    var unconsumedCount: Int { self.bytes.count - self.position }

    /// Whether unconsumed bytes remain.
    var hasUnconsumedBytes: Bool { self.position < self.bytes.count }

    /// Removes and returns the unconsumed bytes.
    mutating func takeUnconsumed() -> ArraySlice<UInt8> {
        let rest = self.bytes[self.position...]
        self.position = self.bytes.count
        return rest
    }

    /// Up to `count` unconsumed bytes from the current position, for an error (nothing is consumed).
    func excerpt(_ count: Int = ByteExcerpt.maxBytes) -> ArraySlice<UInt8> {
        self.bytes[self.position..<min(self.bytes.count, self.position + count)]
    }

    /// Takes the next CRLF-terminated line, whose length (CRLF included) must stay within `budget`; nil
    /// when the input ends first, the partial line then moving to `partial`. A bare LF (or a CR kept
    /// inside a line) is left to the line parsers, except that every line must end in CRLF.
    @inline(__always)
    mutating func takeLine(_ budget: Budget) throws(HTTPParseError) -> (Line, Int)? {
        let start = self.position
        let available = self.bytes.count - start
        if available == 0 { return nil }
        let limit = min(budget.line, budget.sectionLeft)
        let newline: Int? = self.bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!)
            guard let hit = memchr(base + start, Int32(ByteClass.lf), available) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        guard let newline else {
            let length = self.partial.count + available
            if length > limit { throw budget.exceeded(length, self.partial + self.bytes[start...].prefix(ByteExcerpt.maxBytes)) }
            self.partial.append(contentsOf: self.bytes[start...])
            self.position = self.bytes.count
            return nil
        }
        let length = self.partial.count + (newline - start) + 1
        if length > limit { throw budget.exceeded(length, self.partial + self.bytes[start..<newline].prefix(ByteExcerpt.maxBytes)) }
        self.position = newline + 1
        if self.partial.isEmpty {
            guard newline > start, self.bytes[newline - 1] == ByteClass.cr else {
                throw Self.bareLF(budget.sectionName).attaching(self.bytes[start...newline])
            }
            return (.input(start..<(newline - 1)), length)
        }
        self.partial.append(contentsOf: self.bytes[start..<newline])
        guard self.partial.last == ByteClass.cr else {
            throw Self.bareLF(budget.sectionName).attaching(self.partial + [ByteClass.lf])
        }
        self.partial.removeLast()
        return (.buffered, length)
    }

    static func bareLF(_ what: StaticString) -> HTTPParseError {
        .parse("bare LF line ending in the \(what) (CRLF required)")
    }

    /// Whether `line` is empty (the end of a section).
    func isEmpty(_ line: Line) -> Bool {
        switch line {
        case .input(let range): range.isEmpty
        case .buffered: self.partial.isEmpty
        }
    }

    /// Runs `body` on the bytes of `line`, then forgets a buffered line. An error `body` throws without
    /// bytes of its own gets the line attached.
    @inline(__always)
    mutating func withLineBytes<R, E: CarriesOffendingBytes>(
        _ line: Line, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        func attach(_ bytes: UnsafeBufferPointer<UInt8>, _ error: E) -> E {
            error.offendingBytes.isEmpty ? error.attaching(bytes) : error
        }
        switch line {
        case .input(let range):
            return try self.bytes.withUnsafeBufferPointer { (buffer) throws(E) -> R in
                let bytes = UnsafeBufferPointer(rebasing: buffer[range])
                do throws(E) { return try body(bytes) } catch { throw attach(bytes, error) }
            }
        case .buffered:
            defer { self.partial.removeAll(keepingCapacity: true) }
            return try self.partial.withUnsafeBufferPointer { (buffer) throws(E) -> R in
                do throws(E) { return try body(buffer) } catch { throw attach(buffer, error) }
            }
        }
    }

    /// ``withLineBytes(_:_:)`` for a `body` that updates `target` (a parser's state kept beside this
    /// buffer), so the caller can pass both without overlapping accesses.
    @inline(__always)
    mutating func withLineBytes<T, R, E: CarriesOffendingBytes>(
        _ line: Line, updating target: inout T, _ body: (inout T, UnsafeBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        try self.withLineBytes(line) { (bytes) throws(E) -> R in try body(&target, bytes) }
    }

    /// Up to `limit` unconsumed bytes as a slice of the fed array (no copy), or nil when there are none.
    @inline(__always)
    mutating func takeBody(upTo limit: Int) -> ArraySlice<UInt8>? {
        let available = self.bytes.count - self.position
        if available == 0 { return nil }
        let end = self.position + min(available, limit)
        defer { self.position = end }
        return self.bytes[self.position..<end]
    }

    /// nil while the connection is open (more input may come); a truncation error once it has closed.
    func needMore<T>(_ place: StaticString) throws(HTTPParseError) -> T? {
        if self.eof != nil { throw .truncated("connection closed \(place)") }
        return nil
    }
}
