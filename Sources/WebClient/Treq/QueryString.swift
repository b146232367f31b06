/// Percent-encoding for query parameters and form bodies.
///
/// Everything except RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) is written as `%XX` of its
/// UTF-8 bytes, so a space becomes `%20`, `+` becomes `%2B` and `&`, `=`, `#` can never split a value.
public enum QueryString {
    /// `value` percent-encoded for use as a query (or form) name or value.
    public static func encode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        for b in value.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `name=value` pairs, each part encoded, joined with `&`, in the order given.
    public static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// `url` with `parameters` added to its query (after an existing query, before any fragment).
    public static func appending(_ parameters: [(String, String)], to url: String) -> String {
        guard !parameters.isEmpty else { return url }
        var base = Substring(url)
        var fragment: Substring = ""
        if let hash = base.firstIndex(of: "#") {
            fragment = base[hash...]
            base = base[..<hash]
        }
        let separator: String
        if let q = base.firstIndex(of: "?") {
            separator = base.index(after: q) == base.endIndex || base.hasSuffix("&") ? "" : "&"
        } else {
            separator = "?"
        }
        return base + separator + encode(parameters) + fragment
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
