/// The value of a Basic `Authorization` header (RFC 7617): `Basic ` and the Base64 of `user:password`,
/// with both parts as UTF-8.
///
/// The ``Agent`` uses it for URIs with userinfo (`http://user:pass@host/`), unless the caller set an
/// `Authorization` header; percent-escapes in the userinfo are decoded first.
///
/// Twisted: no equivalent in `Agent` (treq's `auth=(user, password)`).
public func basicAuthorization(user: String, password: String?) -> String {
    var credentials = Array(user.utf8)
    credentials.append(UInt8(ascii: ":"))
    credentials += Array((password ?? "").utf8)
    return "Basic " + base64Encode(credentials)
}

/// Standard Base64 with padding (RFC 4648 §4).
package func base64Encode(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var out = [UInt8]()
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var i = 0
    while i + 2 < bytes.count {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
        i += 3
    }
    let rest = bytes.count - i
    if rest == 1 {
        let n = UInt32(bytes[i]) << 16
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], UInt8(ascii: "="), UInt8(ascii: "=")]
    } else if rest == 2 {
        let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
        out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")]
    }
    return String(decoding: out, as: UTF8.self)
}
