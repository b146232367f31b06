import Testing

@testable import HTTP2

/// The HPACK decoder's errors and limits, table size updates, the encoder's indexing policy, and
/// encoder/decoder round trips under table pressure.
@Suite struct HPACKTests {
    private func kind(_ block: String, _ decoder: HPACKDecoder = HPACKDecoder()) -> HPACKError.Kind? {
        var decoder = decoder
        do {
            _ = try decoder.decode(hex(block))
            return nil
        } catch {
            #expect(error.http2Error.code == .compressionError && error.http2Error.isConnectionError)
            return error.kind
        }
    }

    @Test(arguments: [
        ("80", HPACKError.Kind.invalidIndex),  // index 0
        ("be", .invalidIndex),  // index 62 on an empty dynamic table
        ("7e00", .invalidIndex),  // literal with name index 62
        ("ff", .truncated),  // integer continuation missing
        ("ff80", .truncated),
        ("4005616263", .truncated),  // a 5-octet name with 3 octets
        ("40", .truncated),  // no name string
        ("4001", .truncated),
        ("41", .truncated),  // no value string
        ("4101", .truncated),  // a value cut short
        ("ffffffffff0f", .integerOverflow),  // 2^35-ish
        ("ff808080", .truncated),
        ("ff808080808001", .integerOverflow),  // six continuation bytes
        ("3fe21f", .tableSizeUpdateTooLarge),  // update to 4097
        ("8220", .tableSizeUpdateMisplaced),  // update after a field
        ("4184ffffffff", .huffmanEOS),
        ("4181ff", .huffmanPadding),
    ])
    func malformedBlocks(block: String, kind: HPACKError.Kind) {
        #expect(self.kind(block) == kind, "\(block)")
    }

    @Test func stringAndListLimits() {
        let decoder = HPACKDecoder(maxHeaderListSize: 100, maxStringLength: 8)
        #expect(self.kind("400961616161616161616100", decoder) == .stringTooLong)  // 9-octet name
        #expect(self.kind("4008616161616161616100", decoder) == nil)  // 8 is fine
        // A Huffman string of 6 octets decoding to 9 ('a' is 5 bits: 9 x 5 = 45 bits).
        let nine = hexString(HPACKEncoder(policy: .init(neverIndexed: [], withoutIndexing: [], huffman: .always))
            .encodeOne("x", "aaaaaaaaa").dropFirst(3))
        #expect(self.kind("40017886" + nine, decoder) == .stringTooLong)
        // Two 36-octet fields fit in 100; three do not (3 x (1 + 3 + 32) = 108).
        #expect(self.kind("4001610362626240016103636363", decoder) == nil)
        #expect(self.kind("400161036262624001610363636340016103646464", decoder) == .headerListTooLarge)
    }

    @Test func tableSizeUpdates() throws {
        var decoder = HPACKDecoder()
        // Two updates at the start (the smallest, then the final size) are fine.
        _ = try decoder.decode(hex("203fe11f82"))  // 0, then 4096, then :method GET
        #expect(decoder.dynamicTableCapacity == 4096)
        // Our SETTINGS lowered the limit: the next block must open with an update within it.
        decoder.setMaxTableSizeLimit(100)
        #expect(self.kind("82", decoder) == .tableSizeUpdateMissing)
        #expect(self.kind("3f46", decoder) == .tableSizeUpdateTooLarge)  // 31 + 70 = 101
        #expect(self.kind("", decoder) == .tableSizeUpdateMissing)
        _ = try decoder.decode(hex("3f4582"))  // 100, then :method GET
        #expect(decoder.dynamicTableCapacity == 100)
        _ = try decoder.decode(hex("82"))  // no update needed any more
        // Raising the limit requires nothing; the peer may or may not use it.
        decoder.setMaxTableSizeLimit(8192)
        _ = try decoder.decode(hex("82"))
    }

    @Test func shrinkingTheTableEvicts() throws {
        var decoder = HPACKDecoder()
        _ = try decoder.decode(hex("400161016240016301644001650166"))  // a: b, c: d, e: f (34 each)
        #expect(decoder.dynamicTableCount == 3 && decoder.dynamicTableSize == 102)
        _ = try decoder.decode(hex("3f2bbe"))  // update to 74: keeps the two newest; index 62 is e: f
        #expect(decoder.dynamicTableCount == 2 && decoder.dynamicTableSize == 68)
        #expect(self.kind("c0", decoder) == .invalidIndex)  // index 64 was evicted
        _ = try decoder.decode(hex("20"))  // update to 0 empties the table
        #expect(decoder.dynamicTableCount == 0)
    }

    @Test func encoderAnnouncesTableSizeChanges() throws {
        var encoder = HPACKEncoder()
        var decoder = HPACKDecoder()
        _ = try decoder.decode(encoder.encode([HeaderField("x-a", "1")]))
        encoder.setPeerMaxTableSize(0)
        encoder.setPeerMaxTableSize(4096)
        let block = encoder.encode([HeaderField(":method", "GET")])
        #expect(hexString(block) == "203fe11f82")  // 0, then 4096, then the field
        _ = try decoder.decode(block)
        #expect(decoder.dynamicTableCount == 0 && decoder.dynamicTableCapacity == 4096)
        // A preferred size below the peer's is announced in the first block.
        var small = HPACKEncoder(preferredMaxTableSize: 256)
        #expect(hexString(small.encode([HeaderField(":method", "GET")])) == "3fe10182")
        #expect(hexString(small.encode([HeaderField(":method", "GET")])) == "82")
    }

    @Test func indexingPolicy() throws {
        var encoder = HPACKEncoder(policy: .init(neverIndexed: ["authorization", "cookie"], withoutIndexing: [":path"], huffman: .never))
        let block = encoder.encode([
            HeaderField("authorization", "Bearer t"), HeaderField("cookie", "a=b"), HeaderField(":path", "/x"),
            HeaderField("x-secret", "s", indexing: .neverIndexed), HeaderField("x-plain", "p"),
        ])
        var decoder = HPACKDecoder()
        let list = try decoder.decode(block)
        #expect(list.map(\.indexing) == [.neverIndexed, .neverIndexed, .withoutIndexing, .neverIndexed, .automatic])
        #expect(decoder.dynamicTableCount == 1 && encoder.dynamicTableCount == 1)
        // authorization: never indexed with static name 23 (4-bit prefix: 0x1f, 0x08).
        #expect(hexString(block.prefix(2)) == "1f08")
        // A never-indexed field is never sent as an index, even when a matching entry exists.
        let again = encoder.encode([HeaderField("x-plain", "p", indexing: .neverIndexed)])
        #expect(again.first! & 0xF0 == 0x10)
    }

    @Test func entriesLargerThanTheTableAreNotIndexed() throws {
        var encoder = HPACKEncoder(peerMaxTableSize: 64, preferredMaxTableSize: 64, policy: .indexEverything)
        let big = HeaderField("x-big", String(repeating: "v", count: 40))
        let block = encoder.encode([HeaderField("x-a", "1"), big])
        #expect(encoder.dynamicTableCount == 1)
        var decoder = HPACKDecoder(maxTableSize: 64)
        #expect(try pairs(decoder.decode(block)) == [["x-a", "1"], ["x-big", big.valueString]])
        #expect(decoder.dynamicTableCount == 1)
    }

    @Test func everyStaticEntryEncodesAsOneIndex() {
        var encoder = HPACKEncoder()
        let entries = (1...61).map { StaticTable.shared.entry($0) }
        for index in 1...61 {
            let entry = entries[index - 1]
            let block = encoder.encode([HeaderField(name: entry.name, value: entry.value)])
            // Every pair is unique in the static table, so each is one indexed field.
            #expect(block == [0x80 | UInt8(index)], "static \(index)")
            let firstWithName = entries.firstIndex { $0.name == entry.name }! + 1
            #expect(entry.name.withUnsafeBufferPointer { StaticTable.shared.index(ofName: $0) } == firstWithName)
        }
        #expect(Array("x-none".utf8).withUnsafeBufferPointer { StaticTable.shared.index(ofName: $0) } == nil)
    }

    /// Random header lists through an encoder and a decoder with small tables, resized on the way:
    /// the decoder always gets the fields back and both tables agree.
    @Test(arguments: [0, 64, 256, 4096])
    func roundTripsUnderTablePressure(tableSize: Int) throws {
        var random = TestRandom(seed: UInt64(tableSize) + 1)
        let names = [":status", "content-type", "x-trace", "cache-control", "set-cookie", "authorization", "x-big", "date"]
        var encoder = HPACKEncoder(peerMaxTableSize: 4096, preferredMaxTableSize: tableSize)
        var decoder = HPACKDecoder()
        var list = HeaderList()
        for round in 0..<300 {
            if round % 50 == 49 {
                let size = [0, 100, tableSize, 4096][random.below(4)]
                encoder.setPeerMaxTableSize(size)
                decoder.setMaxTableSizeLimit(size)
            }
            let fields = (0..<random.below(8)).map { _ in
                let name = names[random.below(names.count)]
                let value = name == "x-big" ? String(repeating: "b", count: random.below(300)) : "v\(random.below(6))"
                return HeaderField(name, value)
            }
            let block = encoder.encode(fields)
            list.removeAll(keepingCapacity: true)
            try decoder.decode(block[...], into: &list)
            #expect(list.map { [$0.name, $0.value] } == fields.map { [$0.name, $0.value] }, "round \(round)")
            #expect(encoder.dynamicTableSize == decoder.dynamicTableSize)
            #expect(encoder.dynamicTableCount == decoder.dynamicTableCount)
        }
    }
}

extension HPACKEncoder {
    /// Encodes one literal field in a fresh encoder (test helper).
    func encodeOne(_ name: String, _ value: String) -> [UInt8] {
        var copy = HPACKEncoder(policy: .init(neverIndexed: [], withoutIndexing: [name], huffman: self.policy.huffman))
        return copy.encode([HeaderField(name, value)])
    }
}
