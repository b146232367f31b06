import Testing

@testable import HTTP2

/// Cross-checks with real implementations, recorded by scripts/h2-interop-vectors.py: python
/// `hpack` and `h2`/`hyperframe`, and nghttp2's `nghttp` and `nghttpd` on 127.0.0.1.
@Suite struct InteropTests {
    private func fields(_ encoded: [[String]]) -> [[[UInt8]]] { encoded.map { [hex($0[0]), hex($0[1])] } }

    /// python hpack encoded, HPACKDecoder decodes.
    @Test(arguments: InteropVectors.pythonEncoded.map(\.0))
    func decodesPythonBlocks(connection: String) throws {
        let steps = InteropVectors.pythonEncoded.first { $0.0 == connection }!.1
        var decoder = HPACKDecoder()
        for (index, step) in steps.enumerated() {
            switch step {
            case .size(let size):
                decoder.setMaxTableSizeLimit(max(size, 4096))
            case .block(let block, let expected):
                let list = try decoder.decode(hex(block))
                #expect(list.map { [Array($0.name), Array($0.value)] } == self.fields(expected), "\(connection) step \(index)")
                #expect(list.map { $0.indexing == .neverIndexed } == expected.map { $0.count == 3 }, "\(connection) step \(index)")
            }
        }
    }

    /// HPACKEncoder still produces exactly the blocks python hpack decoded to the right lists (with
    /// never-indexed fields kept never-indexed).
    @Test(arguments: InteropVectors.torsionEncoded.map(\.0))
    func encodesWhatPythonAccepted(connection: String) throws {
        let steps = InteropVectors.torsionEncoded.first { $0.0 == connection }!.1
        let policies: [String: (IndexingPolicy, IndexingPolicy.Huffman)] = [
            "requests": (.default, .whenShorter), "responses with table size changes": (.indexEverything, .always),
            "random lists": (.indexEverything, .never), "never indexed": (.default, .whenShorter),
        ]
        var (policy, huffman) = policies[connection]!
        policy.huffman = huffman
        var encoder = HPACKEncoder(policy: policy)
        var decoder = HPACKDecoder()
        for (index, step) in steps.enumerated() {
            switch step {
            case .size(let size):
                encoder.setPeerMaxTableSize(size)
                decoder.setMaxTableSizeLimit(max(size, 4096))
            case .block(let block, let expected):
                let fields = expected.map {
                    HeaderField(name: hex($0[0]), value: hex($0[1]), indexing: $0.count == 3 ? .neverIndexed : .automatic)
                }
                let ours = encoder.encode(fields)
                #expect(hexString(ours) == block, "\(connection) step \(index)")
                #expect(try decoder.decode(ours).map { [Array($0.name), Array($0.value)] } == self.fields(expected))
            }
        }
    }

    /// The reference frames' bytes (FrameEncoder's output when the fixture was made) decode to
    /// what hyperframe saw, and encode back to the same bytes.
    @Test func referenceFramesMatchHyperframe() throws {
        var decoder = FrameDecoder()
        for (bytesHex, summary) in InteropVectors.referenceFrames {
            decoder.feed(hex(bytesHex))
            let frame = try #require(try decoder.next())
            #expect(Self.summary(frame) == summary)
            var bytes: [UInt8] = []
            FrameEncoder.encode(frame, into: &bytes)
            #expect(hexString(bytes) == bytesHex)
        }
        #expect(!decoder.isInsideFieldBlock && decoder.bufferedByteCount == 0)
    }

    /// Streams from python h2 and nghttp2, decoded whole and in 7-octet reads: every frame as
    /// hyperframe saw it, every field block as python's hpack decoded it.
    @Test(arguments: InteropVectors.streams)
    func decodesRealFrameStreams(stream: FrameStream) throws {
        let bytes = hex(stream.hex)
        let expectedLists = stream.headerLists.map { self.fields($0) }
        for readSize in [bytes.count, 7] {
            var decoder = FrameDecoder(expectClientPreface: stream.clientPreface)
            var hpack = HPACKDecoder(maxHeaderListSize: 1 << 20)
            var summaries: [String] = []
            var lists: [[[[UInt8]]]] = []
            var block: [UInt8] = []
            for start in stride(from: 0, to: bytes.count, by: readSize) {
                decoder.feed(Array(bytes[start..<min(bytes.count, start + readSize)]))
                while let frame = try decoder.next() {
                    summaries.append(Self.summary(frame))
                    let (fragment, ends): (ArraySlice<UInt8>?, Bool) =
                        switch frame.payload {
                        case .headers(let h): (h.fragment, h.endHeaders)
                        case .pushPromise(let p): (p.fragment, p.endHeaders)
                        case .continuation(let c): (c.fragment, c.endHeaders)
                        default: (nil, false)
                        }
                    guard let fragment else { continue }
                    block += fragment
                    if ends {
                        lists.append(try hpack.decode(block).map { [Array($0.name), Array($0.value)] })
                        block = []
                    }
                }
            }
            #expect(summaries == stream.summaries, "\(stream.name), reads of \(readSize)")
            #expect(lists == expectedLists, "\(stream.name), reads of \(readSize)")
            #expect(decoder.bufferedByteCount == 0)
        }
    }

    /// hyperframe-style one-line summary of a frame (the format of scripts/h2-interop-vectors.py).
    static func summary(_ frame: HTTP2Frame) -> String {
        func short(_ bytes: ArraySlice<UInt8>) -> String {
            bytes.count <= 32 ? hexString(bytes) : "\(bytes.count)/\(hexString(bytes.prefix(16)))..."
        }
        func pad(_ padding: Int?) -> String { padding.map(String.init) ?? "-" }
        func prio(_ p: PriorityFields) -> String { "\(p.exclusive ? 1 : 0):\(p.dependency):\(p.weight)" }
        func flag(_ value: Bool) -> Int { value ? 1 : 0 }
        let s = frame.streamID
        switch frame.payload {
        case .data(let d): return "DATA s=\(s) end=\(flag(d.endStream)) pad=\(pad(d.padding)) data=\(short(d.data))"
        case .headers(let h):
            return "HEADERS s=\(s) end=\(flag(h.endStream)) eh=\(flag(h.endHeaders)) pad=\(pad(h.padding)) prio=\(h.priority.map(prio) ?? "-") frag=\(short(h.fragment))"
        case .priority(let p): return "PRIORITY s=\(s) prio=\(prio(p))"
        case .rstStream(let code): return "RST_STREAM s=\(s) code=\(code.rawValue)"
        case .settings(let settings):
            return "SETTINGS ack=\(flag(settings.ack)) params=" + settings.parameters.map { "\($0.id.rawValue)=\($0.value)" }.joined(separator: ",")
        case .pushPromise(let p):
            return "PUSH_PROMISE s=\(s) promised=\(p.promisedStreamID) eh=\(flag(p.endHeaders)) pad=\(pad(p.padding)) frag=\(short(p.fragment))"
        case .ping(let p):
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: p.opaqueData >> (56 - 8 * UInt64($0))) }
            return "PING ack=\(flag(p.ack)) data=\(hexString(bytes))"
        case .goAway(let g): return "GOAWAY last=\(g.lastStreamID) code=\(g.errorCode.rawValue) debug=\(short(g.debugData))"
        case .windowUpdate(let increment): return "WINDOW_UPDATE s=\(s) inc=\(increment)"
        case .continuation(let c): return "CONTINUATION s=\(s) eh=\(flag(c.endHeaders)) frag=\(short(c.fragment))"
        }
    }
}

