import Testing

@testable import HTTP2

/// RFC 7541 Appendix C: every example, decoded and encoded, with the dynamic table checked after
/// each block (C.3/C.4 with a 4096-octet table, C.5/C.6 with 256 octets, where entries are evicted).
@Suite struct HPACKAppendixCTests {
    struct Example: Sendable, CustomStringConvertible {
        let id: String
        let block: String
        let fields: [(String, String)]
        /// The dynamic table after the block, newest first, and its size.
        let table: [(String, String)]
        let size: Int
        var description: String { self.id }
    }

    static let requests: [(String, String)] = [
        (":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"),
    ]
    static let requests2 = requests + [("cache-control", "no-cache")]
    static let requests3: [(String, String)] = [
        (":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"),
        ("custom-key", "custom-value"),
    ]
    static let table3: [(String, String)] = [
        ("custom-key", "custom-value"), ("cache-control", "no-cache"), (":authority", "www.example.com"),
    ]
    static let responses1: [(String, String)] = [
        (":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ]
    static let responses2: [(String, String)] = [
        (":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("location", "https://www.example.com"),
    ]
    static let responses3: [(String, String)] = [
        (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
        ("location", "https://www.example.com"), ("content-encoding", "gzip"),
        ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"),
    ]
    static let responseTable1: [(String, String)] = [
        ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("cache-control", "private"), (":status", "302"),
    ]
    static let responseTable2: [(String, String)] = [
        (":status", "307"), ("location", "https://www.example.com"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"),
        ("cache-control", "private"),
    ]
    static let responseTable3: [(String, String)] = [
        ("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"), ("content-encoding", "gzip"),
        ("date", "Mon, 21 Oct 2013 20:13:22 GMT"),
    ]

    /// C.3 (no Huffman) and C.4 (Huffman): three requests on one connection, 4096-octet table.
    static let requestSequences: [[Example]] = [
        [
            Example(id: "C.3.1", block: "828684410f7777772e6578616d706c652e636f6d", fields: requests,
                table: [(":authority", "www.example.com")], size: 57),
            Example(id: "C.3.2", block: "828684be58086e6f2d6361636865", fields: requests2,
                table: [("cache-control", "no-cache"), (":authority", "www.example.com")], size: 110),
            Example(id: "C.3.3", block: "828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
                fields: requests3, table: table3, size: 164),
        ],
        [
            Example(id: "C.4.1", block: "828684418cf1e3c2e5f23a6ba0ab90f4ff", fields: requests,
                table: [(":authority", "www.example.com")], size: 57),
            Example(id: "C.4.2", block: "828684be5886a8eb10649cbf", fields: requests2,
                table: [("cache-control", "no-cache"), (":authority", "www.example.com")], size: 110),
            Example(id: "C.4.3", block: "828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf", fields: requests3,
                table: table3, size: 164),
        ],
    ]

    /// C.5 (no Huffman) and C.6 (Huffman): three responses, 256-octet table, with evictions.
    static let responseSequences: [[Example]] = [
        [
            Example(
                id: "C.5.1",
                block: "4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d54"
                    + "6e1768747470733a2f2f7777772e6578616d706c652e636f6d",
                fields: responses1, table: responseTable1, size: 222),
            Example(id: "C.5.2", block: "4803333037c1c0bf", fields: responses2, table: responseTable2, size: 222),
            Example(
                id: "C.5.3",
                block: "88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f"
                    + "3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076"
                    + "657273696f6e3d31",
                fields: responses3, table: responseTable3, size: 215),
        ],
        [
            Example(
                id: "C.6.1",
                block: "488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b"
                    + "97c8e9ae82ae43d3",
                fields: responses1, table: responseTable1, size: 222),
            Example(id: "C.6.2", block: "4883640effc1c0bf", fields: responses2, table: responseTable2, size: 222),
            Example(
                id: "C.6.3",
                block: "88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335df"
                    + "dfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
                fields: responses3, table: responseTable3, size: 215),
        ],
    ]

    private func dynamicTable(_ decoder: HPACKDecoder) -> [[String]] {
        (0..<decoder.dynamicTableCount).map { offset in
            let entry = decoder.entry(at: 62 + offset)!
            return [String(decoding: entry.name, as: UTF8.self), String(decoding: entry.value, as: UTF8.self)]
        }
    }

    @Test(arguments: requestSequences + responseSequences)
    func decodesTheExamples(sequence: [Example]) throws {
        let tableSize = sequence[0].id.hasPrefix("C.5") || sequence[0].id.hasPrefix("C.6") ? 256 : 4096
        var decoder = HPACKDecoder(maxTableSize: tableSize)
        for example in sequence {
            let list = try decoder.decode(hex(example.block))
            #expect(pairs(list) == example.fields.map { [$0.0, $0.1] }, "\(example.id)")
            #expect(self.dynamicTable(decoder) == example.table.map { [$0.0, $0.1] }, "\(example.id) table")
            #expect(decoder.dynamicTableSize == example.size, "\(example.id) size")
        }
    }

    @Test(arguments: requestSequences + responseSequences)
    func encodesTheExamples(sequence: [Example]) {
        let responses = sequence[0].id.hasPrefix("C.5") || sequence[0].id.hasPrefix("C.6")
        let huffman = sequence[0].id.hasPrefix("C.4") || sequence[0].id.hasPrefix("C.6")
        var policy = IndexingPolicy.indexEverything
        policy.huffman = huffman ? .always : .never
        let size = responses ? 256 : 4096
        var encoder = HPACKEncoder(peerMaxTableSize: size, preferredMaxTableSize: size, policy: policy)
        for example in sequence {
            let block = encoder.encode(example.fields.map { HeaderField($0.0, $0.1) })
            #expect(hexString(block) == example.block, "\(example.id)")
            #expect(encoder.dynamicTableSize == example.size, "\(example.id) size")
            #expect(encoder.dynamicTableCount == example.table.count, "\(example.id) entries")
        }
    }

    /// C.2: the four literal and indexed representations, each on a fresh table.
    @Test func decodesTheFieldRepresentations() throws {
        var decoder = HPACKDecoder()
        let c21 = try decoder.decode(hex("400a637573746f6d2d6b65790d637573746f6d2d686561646572"))
        #expect(pairs(c21) == [["custom-key", "custom-header"]])
        #expect(decoder.dynamicTableSize == 55 && decoder.dynamicTableCount == 1)

        decoder = HPACKDecoder()
        let c22 = try decoder.decode(hex("040c2f73616d706c652f70617468"))
        #expect(pairs(c22) == [[":path", "/sample/path"]])
        #expect(c22[0].indexing == .withoutIndexing)
        #expect(decoder.dynamicTableSize == 0)

        decoder = HPACKDecoder()
        let c23 = try decoder.decode(hex("100870617373776f726406736563726574"))
        #expect(pairs(c23) == [["password", "secret"]])
        #expect(c23[0].indexing == .neverIndexed)
        #expect(decoder.dynamicTableSize == 0)

        decoder = HPACKDecoder()
        let c24 = try decoder.decode(hex("82"))
        #expect(pairs(c24) == [[":method", "GET"]])
        #expect(decoder.dynamicTableSize == 0)
    }

    @Test func encodesTheFieldRepresentations() {
        let policy = IndexingPolicy(neverIndexed: [], withoutIndexing: [], huffman: .never)
        var encoder = HPACKEncoder(policy: policy)
        #expect(hexString(encoder.encode([HeaderField("custom-key", "custom-header")]))
            == "400a637573746f6d2d6b65790d637573746f6d2d686561646572")
        encoder = HPACKEncoder(policy: policy)
        #expect(hexString(encoder.encode([HeaderField(":path", "/sample/path", indexing: .withoutIndexing)]))
            == "040c2f73616d706c652f70617468")
        encoder = HPACKEncoder(policy: policy)
        #expect(hexString(encoder.encode([HeaderField("password", "secret", indexing: .neverIndexed)]))
            == "100870617373776f726406736563726574")
        #expect(encoder.dynamicTableCount == 0)
        #expect(hexString(encoder.encode([HeaderField(":method", "GET")])) == "82")
    }

    /// C.1: integers 10 and 1337 with a 5-bit prefix, 42 with an 8-bit prefix.
    @Test func integerExamples() throws {
        for (value, prefix, bytes) in [(10, 5, "0a"), (1337, 5, "1f9a0a"), (42, 8, "2a")] {
            var output: [UInt8] = []
            HPACKInteger.encode(value, prefixBits: prefix, flags: 0, into: &output)
            #expect(hexString(output) == bytes)
            var index = 0
            let decoded = try output.withUnsafeBufferPointer { buffer throws(HPACKError) in
                try HPACKInteger.decode(buffer, at: &index, prefixBits: prefix)
            }
            #expect(decoded == value && index == output.count)
        }
    }
}
