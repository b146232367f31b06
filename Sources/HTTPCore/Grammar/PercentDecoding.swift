/// `%XX` decoding of URL parts (RFC 3986 §2.1).
///
/// `package`: the server decodes query strings and path segments with it, the stub client its requests' queries.
package enum PercentDecoding {
    /// Decodes `%XX` (and `+` when `plusIsSpace`); malformed escapes are kept; bytes read as UTF-8.
    package static func decode(_ bytes: some Collection<UInt8>, plusIsSpace: Bool) -> String {
        guard bytes.contains(where: { $0 == 0x25 || (plusIsSpace && $0 == 0x2B) }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x25, index + 2 < input.count, let high = ByteClass.hexValue(input[index + 1]),
                let low = ByteClass.hexValue(input[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            }
            out.append(plusIsSpace && byte == 0x2B ? 0x20 : byte)
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
