/// The bytes a parse error points at, kept short and shown printable, so that a user can see what a
/// broken peer sent: ``HTTPParseError/offendingBytes`` and ``RequestParseError/offendingBytes``.
///
/// `package`: both parsers and their errors use it.
package enum ByteExcerpt {
    /// At most this many bytes are kept (the start of the line or data in question).
    package static let maxBytes = 256

    /// The first ``maxBytes`` of `bytes`.
    package static func cut(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(bytes.prefix(maxBytes))
    }

    /// `bytes` as printable ASCII: visible characters and SP as they are, `\r`, `\n`, `\t`, `\\` and
    /// `\"` escaped, every other byte as `\xNN`.
    package static func escape(_ bytes: some Sequence<UInt8>) -> String {
        var out = ""
        for byte in bytes {
            switch byte {
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "\\x" + (byte < 16 ? "0" : "") + hex
            }
        }
        return out
    }
}

/// A parse error that can carry the bytes it is about (both parsers' errors).
protocol CarriesOffendingBytes: Error {
    /// The bytes the error is about, empty when none were attached.
    var offendingBytes: [UInt8] { get }
    /// The same error with `bytes` (cut to ``ByteExcerpt/maxBytes``) attached.
    func attaching(_ bytes: some Collection<UInt8>) -> Self
}
