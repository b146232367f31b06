import HTTP2

// The encoder side of Tests/HTTP2Tests/Fixtures/make_vectors.py: our output, which the script has
// python's `hpack` and `hyperframe` decode, and records for the tests.

func hexBytes(_ text: Substring) -> [UInt8] {
    let digits = Array(text.utf8)
    func value(_ digit: UInt8) -> UInt8 { digit <= 0x39 ? digit - 0x30 : (digit | 0x20) - 0x61 + 10 }
    return stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

func hexText(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
}

/// Reads lines from standard input:
/// - `reset POLICY HUFFMAN`: a new encoder (policy `default` or `all`; huffman `shorter`, `always`, `never`);
/// - `size N`: the peer's SETTINGS_HEADER_TABLE_SIZE becomes N;
/// - otherwise a header list, fields separated by spaces, each `NAMEHEX:VALUEHEX` (`:n` appended for
///   never-indexed); an empty list is `-`.
/// Prints one hex block per header list.
func encodeHPACKLines() {
    var encoder = HPACKEncoder()
    while let line = readLine() {
        let words = line.split(separator: " ")
        if words.first == "reset" {
            var policy: IndexingPolicy = words.count > 1 && words[1] == "all" ? .indexEverything : .default
            policy.huffman = words.count > 2 ? (words[2] == "always" ? .always : words[2] == "never" ? .never : .whenShorter) : .whenShorter
            encoder = HPACKEncoder(policy: policy)
        } else if words.first == "size", words.count == 2, let size = Int(words[1]) {
            encoder.setPeerMaxTableSize(size)
        } else {
            let fields = words.filter { $0 != "-" }.map { word -> HeaderField in
                let parts = word.split(separator: ":", omittingEmptySubsequences: false)
                return HeaderField(
                    name: hexBytes(parts[0]), value: hexBytes(parts[1]),
                    indexing: parts.count > 2 && parts[2] == "n" ? .neverIndexed : .automatic)
            }
            print(hexText(encoder.encode(fields)))
        }
    }
}

/// The reference frames of the interop fixture: one per line, `TYPE hex`.
let referenceFrames: [HTTP2Frame] = [
    HTTP2Frame(streamID: 1, .data(DataFrame(data: Array("hello".utf8)[...], endStream: true))),
    HTTP2Frame(streamID: 3, .data(DataFrame(data: [1, 2, 3][...], padding: 7))),
    HTTP2Frame(streamID: 5, .headers(HeadersFrame(fragment: [0x82, 0x86, 0x84][...], endStream: true))),
    HTTP2Frame(
        streamID: 7,
        .headers(
            HeadersFrame(
                fragment: [0x88][...], endHeaders: true, priority: PriorityFields(exclusive: true, dependency: 3, weight: 200),
                padding: 4))),
    HTTP2Frame(streamID: 9, .priority(PriorityFields(exclusive: false, dependency: 1, weight: 15))),
    HTTP2Frame(streamID: 9, .rstStream(.cancel)),
    HTTP2Frame(
        streamID: 0,
        .settings(
            SettingsFrame([
                HTTP2Setting(.headerTableSize, 8192), HTTP2Setting(.enablePush, 0), HTTP2Setting(.maxConcurrentStreams, 100),
                HTTP2Setting(.initialWindowSize, 1 << 20), HTTP2Setting(.maxFrameSize, 32_768),
                HTTP2Setting(.maxHeaderListSize, 65_536),
            ]))),
    HTTP2Frame(streamID: 0, .settings(.ack)),
    HTTP2Frame(streamID: 1, .pushPromise(PushPromiseFrame(promisedStreamID: 2, fragment: [0x82, 0x87, 0x84][...], padding: 2))),
    HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 0x0102_0304_0506_0708))),
    HTTP2Frame(streamID: 0, .ping(PingFrame(opaqueData: 42, ack: true))),
    HTTP2Frame(streamID: 0, .goAway(GoAwayFrame(lastStreamID: 7, errorCode: .enhanceYourCalm, debugData: Array("slow down".utf8)[...]))),
    HTTP2Frame(streamID: 0, .windowUpdate(increment: 1_000_000)),
    HTTP2Frame(streamID: 11, .windowUpdate(increment: 0x7FFF_FFFF)),
    HTTP2Frame(streamID: 13, .headers(HeadersFrame(fragment: [0x82][...], endHeaders: false))),
    HTTP2Frame(streamID: 13, .continuation(ContinuationFrame(fragment: [0x84, 0x86][...], endHeaders: true))),
]

func encodeReferenceFrames() {
    for frame in referenceFrames {
        var bytes: [UInt8] = []
        FrameEncoder.encode(frame, into: &bytes)
        print("\(frame.type) \(hexText(bytes))")
    }
}
