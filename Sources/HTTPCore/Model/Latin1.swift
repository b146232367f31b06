/// Isomorphic (ISO-8859-1) mapping between header bytes and `String`, as in the WHATWG Fetch
/// standard's "isomorphic decode/encode": byte `b` is the Unicode scalar `U+00bb`, and back.
///
/// This is how ``Headers`` stores values: ASCII values (nearly all of them) are ordinary
/// strings with no overhead, and values holding obs-text bytes 0x80-0xFF still round-trip
/// exactly to the bytes that were received.
///
/// `package`: the server (WebServer) reads and writes header values the same way.
package enum Latin1 {
    /// Decodes bytes; `isASCII` lets callers that already scanned the bytes skip a second pass.
    package static func decode(_ bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) -> String {
        if isASCII { return String(decoding: bytes, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Decodes any byte sequence.
    package static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    /// Appends the bytes of `string` to `out`; false (with `out` partly written) if a
    /// character lies above U+00FF and so has no single-byte form.
    @discardableResult
    package static func encode(_ string: String, into out: inout [UInt8]) -> Bool {
        var utf8 = string
        let isASCII = utf8.withUTF8 { buffer in
            for byte in buffer where byte >= 0x80 { return false }
            out.append(contentsOf: buffer)
            return true
        }
        if isASCII { return true }
        for scalar in string.unicodeScalars {
            guard scalar.value <= 0xFF else { return false }
            out.append(UInt8(truncatingIfNeeded: scalar.value))
        }
        return true
    }

    /// The bytes of `string`, or nil if it holds a character above U+00FF.
    package static func encode(_ string: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        return encode(string, into: &out) ? out : nil
    }
}
