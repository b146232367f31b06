// Shared by the four content-decoder fuzz targets (gzip-decoder, deflate-decoder, brotli-decoder,
// zstd-decoder); compiled into each by scripts/fuzz.sh with Fuzz/Support. Nothing here is part of the library.
//
// Input: one control byte, then the data.
//   bit 0     also decode one byte at a time (otherwise whole and in random pieces only)
//   bit 1     round-trip mode: the data is plain text, encoded here (level from bits 4-7, with flushes
//             at random points) and decoded again; otherwise the data is a compressed stream
//   bits 2-3  the largest output piece: 64 KiB, 1, 7 or 4096 bytes
//
// Properties (decode mode):
// - whole, random pieces (and bytes) give the same error kind and, for gzip and deflate, the same output;
//   brotli and zstd hold some output back and drop it on an error, so after an error one output must be
//   a prefix of the other (a clean end gives the same output);
// - pieces are never empty nor larger than the limit; a clean end means complete, with every input byte
//   taken and every decoded byte counted;
// - nothing but corrupt data, truncation, trailing data or the 4 MiB size limit ends a stream;
// - with a ratio limit, the output agrees with the unlimited output as above (a prefix of it) and stops
//   exactly at max(floor, ratio × encoded bytes taken).
// Round-trip mode: the decoded text equals the plain text, and the stream is complete.
import ContentCoding

/// The size limit of every fuzz decode: bounds memory whatever the input expands to.
let fuzzSizeLimit = 4 << 20

struct DecodeResult: Equatable, CustomStringConvertible {
    var output: [UInt8] = []
    var error: ContentCodingError.Kind?
    var message = ""
    var encoded = 0

    var description: String {
        "\(self.output.count) bytes out, error \(self.error.map { "\($0)" } ?? "none") \(self.message)"
    }

    static func == (lhs: DecodeResult, rhs: DecodeResult) -> Bool {
        lhs.output == rhs.output && lhs.error == rhs.error
    }
}

func runDecoder(
    _ coding: HTTPContentCoding, _ bytes: [UInt8], _ delivery: Delivery, limits: ContentDecodingLimits
) -> DecodeResult {
    var result = DecodeResult()
    let decoder: any ContentDecoder
    do {
        decoder = try coding.makeDecoder(limits: limits)
    } catch {
        fatalError("fuzz invariant failed: cannot make a \(coding) decoder: \(error)")
    }
    func take(_ piece: [UInt8]) {
        require(!piece.isEmpty, "an empty piece")
        require(piece.count <= limits.maxPieceSize, "a piece of \(piece.count) bytes (\(limits.maxPieceSize) at most)")
        result.output.append(contentsOf: piece)
    }
    do {
        for range in delivery.pieces(bytes.count) { try decoder.decode(bytes[range], into: take) }
        try decoder.finish(into: take)
        require(decoder.isComplete, "a clean end that is not complete")
        require(
            decoder.encodedByteCount == bytes.count,
            "complete after \(decoder.encodedByteCount) of \(bytes.count) bytes")
    } catch {
        result.error = error.kind
        result.message = error.message
        require(error.coding == coding, "an error naming \(error.coding.map { "\($0)" } ?? "no coding")")
        let expected: [ContentCodingError.Kind] = [
            .corruptData, .truncatedStream, .trailingData, .sizeLimitExceeded, .ratioLimitExceeded,
        ]
        require(expected.contains(error.kind), "unexpected error: \(error)")
        require(
            error.decodedByteCount == result.output.count,
            "the error counts \(error.decodedByteCount) decoded bytes, \(result.output.count) were handed out")
        require(!decoder.isComplete, "complete after an error")
    }
    require(
        decoder.decodedByteCount == result.output.count,
        "decodedByteCount \(decoder.decodedByteCount), \(result.output.count) handed out")
    result.encoded = decoder.encodedByteCount
    return result
}

func pieceLimit(_ control: UInt8) -> Int { [64 * 1024, 1, 7, 4096][Int(control >> 2) & 3] }

func fuzzDecoder(_ coding: HTTPContentCoding, _ input: UnsafeBufferPointer<UInt8>) {
    guard let control = input.first else { return }
    let data = Array(input.dropFirst())
    let seed = fnv1a(Array(input))
    if control & 2 != 0 {
        roundTrip(coding, plain: data, control: control, seed: seed)
        return
    }
    let limits = ContentDecodingLimits(
        maxDecodedSize: fuzzSizeLimit, maxRatio: nil, maxPieceSize: pieceLimit(control))
    let whole = runDecoder(coding, data, .whole, limits: limits)
    let random = runDecoder(coding, data, .random(seed: seed), limits: limits)
    requireConsistent(coding, whole, random, "whole and random pieces")
    if control & 1 != 0 {
        let bytes = runDecoder(coding, data, .byteAtATime, limits: limits)
        requireConsistent(coding, whole, bytes, "whole and byte at a time")
    }
    if whole.error == .sizeLimitExceeded {
        require(whole.output.count == fuzzSizeLimit, "size limit cut at \(whole.output.count)")
    }

    var ratioLimits = limits
    ratioLimits.maxRatio = 50
    ratioLimits.ratioFloor = 4096
    let ratio = runDecoder(coding, data, .random(seed: seed &+ 1), limits: ratioLimits)
    if ratio.error == .ratioLimitExceeded {
        require(
            ratio.output.count == max(4096, 50 * ratio.encoded),
            "ratio limit cut at \(ratio.output.count) after \(ratio.encoded) encoded bytes")
        require(prefixRelated(whole.output, ratio.output), "ratio-limited output disagrees with the unlimited one")
        if whole.error == nil {
            require(whole.output.starts(with: ratio.output), "ratio-limited output is not a prefix")
        }
    } else {
        requireConsistent(coding, whole, ratio, "results with and without a ratio limit that did not trip")
    }
}

/// Whether one of two outputs starts with the other.
func prefixRelated(_ first: [UInt8], _ second: [UInt8]) -> Bool {
    first.count <= second.count ? second.starts(with: first) : first.starts(with: second)
}

/// The same result for two deliveries of one input, up to what brotli and zstd hold back on an error.
func requireConsistent(_ coding: HTTPContentCoding, _ first: DecodeResult, _ second: DecodeResult, _ how: String) {
    if coding == .gzip || coding == .deflate || first.error == nil || second.error == nil {
        requireSame(first, second, how)
    } else {
        requireSame(first.error, second.error, how + ": error kinds")
        require(prefixRelated(first.output, second.output), "\(how): outputs before the error disagree")
    }
}

func roundTrip(_ coding: HTTPContentCoding, plain: [UInt8], control: UInt8, seed: UInt64) {
    var rng = SplitMix64(seed: seed)
    var encoded: [UInt8] = []
    do {
        let encoder = try coding.makeEncoder(level: Int(control >> 4))
        for range in Delivery.random(seed: seed).pieces(plain.count) {
            encoder.feed(plain[range])
            if rng.below(4) == 0 { encoder.flush() }
            while let piece = try encoder.next() { encoded.append(contentsOf: piece) }
        }
        encoder.finish()
        while let piece = try encoder.next() { encoded.append(contentsOf: piece) }
        require(encoder.isFinished && encoder.plainByteCount == plain.count, "the encoder did not take everything")
    } catch {
        fatalError("fuzz invariant failed: encoding failed: \(error)")
    }
    let limits = ContentDecodingLimits.unlimited(maxPieceSize: pieceLimit(control))
    let delivery: Delivery = control & 1 != 0 ? .byteAtATime : .random(seed: seed ^ 0x5A5A)
    let result = runDecoder(coding, encoded, delivery, limits: limits)
    require(result.error == nil, "round trip failed: \(result)")
    require(result.output == plain, "round trip changed the text: \(result.output.count) bytes for \(plain.count)")
}
