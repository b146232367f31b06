import ContentCoding
import Testing

@Suite("Stacked codings and Content-Encoding values")
struct ChainTests {
    static let plain = TestData.words(120_000, seed: 31)

    /// `Content-Encoding: gzip, br` was applied gzip first: undone br first.
    static func stacked(_ codings: [HTTPContentCoding], _ plain: [UInt8] = plain) throws -> [UInt8] {
        var body = plain
        for coding in codings { body = try encode(body, with: coding.makeEncoder()) }
        return body
    }

    @Test(arguments: Split.allCases)
    func stackedCodingsAreUndoneInReverseOrder(split: Split) throws {
        let plain = split == .bytes ? TestData.words(8000, seed: 31) : Self.plain
        let stacks: [[HTTPContentCoding]] = [
            [.gzip, .brotli], [.brotli, .gzip], [.zstd, .deflate, .gzip], [.gzip, .gzip],
        ]
        for codings in stacks {
            let body = try Self.stacked(codings, plain)
            let header = codings.map(\.token).joined(separator: ", ")
            let decoder = try #require(try ContentDecoderChain.make(contentEncoding: header))
            #expect(decoder is ContentDecoderChain)
            let outcome = decode(body, with: decoder, split: split)
            #expect(outcome.error == nil, "\(header): \(outcome)")
            #expect(outcome.output == plain, "\(header)")
            #expect(decoder.encodedByteCount == body.count)
        }
    }

    @Test func oneCodingGetsItsOwnDecoderAndIdentityNone() throws {
        #expect(try ContentDecoderChain.make(contentEncoding: "GZip") is GzipDecoder)
        #expect(try ContentDecoderChain.make(contentEncoding: " x-gzip ") is GzipDecoder)
        #expect(try ContentDecoderChain.make(contentEncoding: "identity, br") is BrotliDecoder)
        #expect(try ContentDecoderChain.make(contentEncoding: "ZSTD") is ZstdDecoder)
        #expect(try ContentDecoderChain.make(contentEncoding: "Deflate,") is DeflateDecoder)
        #expect(try ContentDecoderChain.make(contentEncoding: "") == nil)
        #expect(try ContentDecoderChain.make(contentEncoding: "identity") == nil)
        #expect(try ContentDecoderChain.make(contentEncoding: " , ,") == nil)
    }

    @Test func unknownTokensAreReported() throws {
        let cases = [("compress", "compress"), ("gzip, x-custom", "x-custom"), ("aes128gcm, br", "aes128gcm")]
        for (header, token) in cases {
            let error = #expect(throws: ContentCodingError.self) {
                try ContentDecoderChain.make(contentEncoding: header)
            }
            #expect(error?.kind == .unsupportedCoding)
            #expect(error?.token == token)
            #expect(error?.coding == nil)
            #expect("\(error!)" == "unsupported content coding \"\(token)\"")
        }
    }

    /// Twisted's walk: undo from the right until a token cannot be undone; the rest stays in the header.
    @Test func planLeavesWhatCannotBeUndone() {
        let plan = ContentDecodingPlan(contentEncoding: "x-custom, GZIP,br")
        #expect(plan.codings == [.gzip, .brotli])
        #expect(plan.remainingTokens == ["x-custom"])
        #expect(plan.remainingContentEncoding == "x-custom")
        let middle = ContentDecodingPlan(contentEncoding: "gzip, compress, zstd")
        #expect(middle.codings == [.zstd])
        #expect(middle.remainingTokens == ["gzip", "compress"])
        #expect(middle.remainingContentEncoding == "gzip, compress")
        let all = ContentDecodingPlan(contentEncoding: "deflate , identity, x-gzip")
        #expect(all.codings == [.deflate, .gzip])
        #expect(all.remainingContentEncoding == nil)
        #expect(!all.isIdentity)
        #expect(ContentDecodingPlan(contentEncoding: "").isIdentity)
        #expect(ContentDecodingPlan(contentEncoding: "unknown").codings.isEmpty)
    }

    /// The limits of a chain apply to its final output against the body's encoded bytes.
    @Test func chainLimitsApplyToTheFinalOutput() throws {
        let zeros = [UInt8](repeating: 0, count: 8 << 20)
        let body = try Self.stacked([.gzip, .zstd], zeros)
        let limits = ContentDecodingLimits(maxRatio: 50, ratioFloor: 64 * 1024)
        let chain = try ContentDecoderChain(codings: [.gzip, .zstd], limits: limits)
        let outcome = decode(body, with: chain, split: .random)
        let error = try #require(outcome.error)
        #expect(error.kind == .ratioLimitExceeded)
        #expect(outcome.output.count == max(64 * 1024, 50 * error.encodedByteCount))

        let sizeLimit = ContentDecodingLimits(maxDecodedSize: 1_000_000, maxRatio: nil)
        let sized = try ContentDecoderChain(codings: [.gzip, .zstd], limits: sizeLimit)
        let cut = decode(body, with: sized)
        #expect(cut.kind == .sizeLimitExceeded)
        #expect(cut.output.count == 1_000_000)
    }

    /// An error in an inner stage names its coding; truncation of the outer stage is found by finish.
    @Test func chainErrorsNameTheirStage() throws {
        // Valid brotli around corrupt gzip.
        var gzip = try encode(Self.plain, with: GzipEncoder())
        gzip[gzip.count - 8] ^= 0xFF
        let body = try encode(gzip, with: BrotliEncoder())
        let outcome = decode(body, with: try ContentDecoderChain(codings: [.gzip, .brotli]), split: .random)
        #expect(outcome.kind == .corruptData)
        #expect(outcome.error?.coding == .gzip)

        let stacked = try Self.stacked([.gzip, .brotli])
        let chain = try ContentDecoderChain(codings: [.gzip, .brotli])
        try chain.decode(stacked.dropLast(2)) { _ in }
        let error = #expect(throws: ContentCodingError.self) { try chain.finish() }
        #expect(error?.kind == .truncatedStream)
        #expect(error?.coding == .brotli)

        // Complete brotli around a truncated gzip: the inner stage's truncation surfaces at the end.
        let inner = try encode(Array(try encode(Self.plain, with: GzipEncoder()).dropLast(5)), with: BrotliEncoder())
        let late = decode(inner, with: try ContentDecoderChain(codings: [.gzip, .brotli]))
        #expect(late.kind == .truncatedStream)
        #expect(late.error?.coding == .gzip)
    }
}
