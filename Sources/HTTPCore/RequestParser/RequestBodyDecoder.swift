
/// Decodes a request body framed by `Content-Length` or chunked coding, incrementally.
///
/// Body bytes are handed on as slices of the input (no per-byte loop over data, no copy); only
/// chunk-size lines, the CRLF after each chunk and trailer lines are scanned. Chunk rules are the
/// client's (WebClient's `ChunkSizeLine`: `1*HEXDIG` up to 16 digits and below 2^63, extensions by the
/// RFC 9112 §7.1.1 grammar, a size line of at most 4096 bytes); data must be followed by exactly CRLF;
/// trailers are field lines (no obs-fold), at most `maxTrailerLength` bytes in all.
///
/// Twisted: `twisted.web.http._IdentityTransferDecoder` and `_ChunkedTransferDecoder`.
package struct RequestBodyDecoder {
    private enum State {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// Expecting the CRLF after chunk data; `sawCR` once its CR has arrived.
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case done
    }

    package static let maxChunkSizeLine = 4096

    private var state: State
    private var line: [UInt8] = []
    private let maxTrailerLength: Int
    private var trailerBytes = 0
    /// Trailer fields of a chunked body, once the body is complete.
    package private(set) var trailers = Headers()

    /// A decoder for `framing`, which must not be `.none`.
    package init(framing: RequestFraming, maxTrailerLength: Int) {
        switch framing {
        case .contentLength(let length): state = .length(remaining: length)
        case .chunked, .none: state = .chunkSize
        }
        self.maxTrailerLength = maxTrailerLength
    }

    /// Whether the whole body has been decoded.
    package var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Consumes `data`, passing body bytes to `deliver` in order. Returns the index in `data` where the
    /// body ended (bytes from there on belong to the next request), or nil when all of `data` was
    /// consumed and the body is not complete yet.
    package mutating func feed(
        _ data: [UInt8], deliver: (ArraySlice<UInt8>) -> Void
    ) throws(RequestError) -> Int? {
        var index = 0
        let count = data.count
        while true {
            switch state {
            case .done:
                return index
            case .length(let remaining):
                let take = min(remaining, count - index)
                if take > 0 { deliver(data[index..<(index + take)]) }
                index += take
                if remaining == take {
                    state = .done
                    return index
                }
                state = .length(remaining: remaining - take)
                return nil
            case .chunkData(let remaining):
                guard index < count else { return nil }
                let take = min(remaining, count - index)
                deliver(data[index..<(index + take)])
                index += take
                state = remaining == take ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - take)
            case .chunkDataEnd(let sawCR):
                guard index < count else { return nil }
                if !sawCR {
                    guard data[index] == ByteClass.cr else { throw .badRequest("chunk data not followed by CRLF") }
                    index += 1
                    state = .chunkDataEnd(sawCR: true)
                } else {
                    guard data[index] == ByteClass.lf else { throw .badRequest("chunk data not followed by CRLF") }
                    index += 1
                    state = .chunkSize
                }
            case .chunkSize:
                guard let sizeLine = try takeLine(data, &index, limit: Self.maxChunkSizeLine) else { return nil }
                let size: Int
                do {
                    size = try sizeLine.withUnsafeBufferPointer { bytes throws(HTTPParseError) in
                        try ChunkSizeLine.parse(bytes)
                    }
                } catch {
                    throw .badRequest(error.message)
                }
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .trailers:
                let limit = maxTrailerLength - trailerBytes
                guard let trailerLine = try takeLine(data, &index, limit: limit) else { return nil }
                trailerBytes += trailerLine.count + 2
                if trailerLine.isEmpty {
                    state = .done
                    continue
                }
                try addTrailer(trailerLine)
            }
        }
    }

    /// Takes one CRLF-terminated line (without the CRLF) starting at `index`, buffering a partial one.
    /// Throws when the line would exceed `limit` bytes or holds a bare CR or LF.
    private mutating func takeLine(_ data: [UInt8], _ index: inout Int, limit: Int) throws(RequestError) -> [UInt8]? {
        let count = data.count
        // Scan at most as far as a line within the limit could reach (plus its CRLF).
        let scanEnd = min(count, index + max(0, limit + 2 - line.count))
        var lf = index
        while lf < scanEnd, data[lf] != ByteClass.lf { lf += 1 }
        guard lf < scanEnd else {
            line.append(contentsOf: data[index..<scanEnd])
            index = scanEnd
            if line.count >= limit + 2 { throw RequestError(431, "chunk-size or trailer line too long") }
            return nil
        }
        line.append(contentsOf: data[index..<lf])
        index = lf + 1
        guard line.last == ByteClass.cr else { throw .badRequest("bare LF in the chunked body") }
        line.removeLast()
        if line.contains(ByteClass.cr) { throw .badRequest("bare CR in the chunked body") }
        let complete = line
        line = []
        return complete
    }

    private mutating func addTrailer(_ trailerLine: [UInt8]) throws(RequestError) {
        let parsed: FieldLineParser.Line
        do {
            parsed = try trailerLine.withUnsafeBufferPointer { bytes throws(HTTPParseError) in
                try FieldLineParser.parse(bytes, section: "trailer")
            }
        } catch {
            throw .badRequest(error.message)
        }
        guard case .field(let field) = parsed else { throw .badRequest("obs-fold in a trailer field") }
        trailers.add(name: field.name, value: field.value)
    }
}
