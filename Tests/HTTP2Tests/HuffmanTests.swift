import Testing

@testable import HTTP2

/// Huffman coding (RFC 7541 §5.2, Appendix B): the derived code table, round trips, and every way a
/// string can end badly.
@Suite struct HuffmanTests {
    private func encode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        bytes.withUnsafeBufferPointer { input in
            Huffman.encode(input, encodedLength: Huffman.encodedLength(input), into: &output)
        }
        return output
    }

    private func decode(_ bytes: [UInt8]) throws(HPACKError) -> [UInt8] {
        var output: [UInt8] = []
        let error: HPACKError? = bytes.withUnsafeBufferPointer { input in
            do throws(HPACKError) {
                try Huffman.decode(input, into: &output)
                return nil
            } catch { return error }
        }
        if let error { throw error }
        return output
    }

    /// Codes derived from the lengths equal the RFC's listing (a sample across every length).
    @Test(arguments: [
        (0, 0x1ff8, 13), (9, 0xffffea, 24), (10, 0x3ffffffc, 30), (32, 0x14, 6), (48, 0x0, 5), (57, 0x1f, 6),
        (97, 0x3, 5), (101, 0x5, 5), (122, 0x7b, 7), (127, 0xffffffc, 28), (128, 0xfffe6, 20), (200, 0x3ffffe2, 26),
        (255, 0x3ffffee, 26), (256, 0x3fffffff, 30),
    ])
    func codeTableMatchesTheRFC(symbol: Int, code: UInt32, length: Int) {
        #expect(HuffmanCode.codes[symbol] == code)
        #expect(Int(HuffmanCode.lengths[symbol]) == length)
    }

    @Test func everySingleByteRoundTrips() throws {
        for byte in 0...255 {
            let input = [UInt8(byte)]
            #expect(try self.decode(self.encode(input)) == input, "byte \(byte)")
        }
    }

    @Test func randomStringsRoundTrip() throws {
        var random = TestRandom(seed: 7)
        for length in 0..<300 {
            let input = length % 3 == 0 ? random.bytes(length) : Array(String(repeating: "ab-cZ09 /", count: length / 9 + 1).utf8.prefix(length))
            let encoded = self.encode(input)
            #expect(encoded.count == input.withUnsafeBufferPointer { Huffman.encodedLength($0) })
            #expect(try self.decode(encoded) == input, "length \(length)")
        }
    }

    @Test func textExamples() throws {
        #expect(hexString(self.encode(Array("www.example.com".utf8))) == "f1e3c2e5f23a6ba0ab90f4ff")
        #expect(hexString(self.encode(Array("no-cache".utf8))) == "a8eb10649cbf")
        #expect(try self.decode(hex("9d29ad171863c78f0b97c8e9ae82ae43d3")) == Array("https://www.example.com".utf8))
        #expect(try self.decode([]) == [])
    }

    @Test(arguments: [
        ("ffffffff", HPACKError.Kind.huffmanEOS),  // 32 one bits: the 30-bit EOS code
        ("fffffffc", .huffmanEOS),  // EOS then two zero bits
        ("1fffffffff", .huffmanEOS),  // 'a' (00011) then EOS
        ("ff", .huffmanPadding),  // 8 bits of padding
        ("1fff", .huffmanPadding),  // 'a' then 11 bits of padding
        ("18", .huffmanPadding),  // 'a' then 000: padding not all ones
        ("00", .huffmanPadding),  // '0' then 000
        ("fe", .huffmanPadding),  // a prefix of a longer code, not all ones
        ("1ffe", .huffmanPadding),  // 'a', then 1111111 0
        ("f1e3c2e5f23a6ba0ab90f4", .huffmanPadding),  // "www.example.com" cut inside a code
    ])
    func invalidStringsAreRejected(input: String, kind: HPACKError.Kind) {
        #expect(throws: HPACKError.self) { try self.decode(hex(input)) }
        do {
            _ = try self.decode(hex(input))
        } catch {
            #expect(error.kind == kind, "\(input): \(error)")
        }
    }

    /// Padding of 1 to 7 one bits after each symbol is accepted.
    @Test func validPaddingOfEveryLength() throws {
        // '0' (5 bits) + 3 ones, 'e' 'e' 'e' (15 bits) + 1 one, and "aaaaaaaa" (40 bits, no padding).
        #expect(try self.decode(hex("07")) == Array("0".utf8))
        #expect(try self.decode(hex("294b")) == Array("eee".utf8))
        #expect(try self.decode(self.encode(Array("aaaaaaaa".utf8))) == Array("aaaaaaaa".utf8))
        for length in 1...16 {
            let input = [UInt8](repeating: UInt8(ascii: "%"), count: length)  // 6-bit code: every padding length
            #expect(try self.decode(self.encode(input)) == input)
        }
    }
}
