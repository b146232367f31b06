/// An absolute URI split into the parts a client needs.
///
/// Any RFC 3986 scheme parses (`http`, `https`, `ftp`, `mailto`, …): which ones can be served is the
/// endpoint factory's choice (the ``Agent`` reports the others as ``SchemeNotSupported``). A URI with an
/// authority (`scheme://host…`) is split into host, port, path and query; one without
/// (`mailto:alice@example.com`) keeps the rest as its path, with an empty host.
///
/// Parsing is strict about what would be unsafe to send and lenient about nothing else: the host may be
/// a name, an IPv4 address or a bracketed IPv6 literal (and must not be empty for `http` and `https`,
/// RFC 9110 §4.2); the port is 1 to 65535; userinfo
/// (`user:password@`) is kept apart (the ``Agent`` turns it into a Basic `Authorization` header, never
/// into the `Host` header); the path and query are kept exactly as given (percent-encoding the caller
/// did is never redone), but bytes that may not appear in a request target (space, controls, non-ASCII)
/// are percent-encoded, and a fragment is dropped.
///
/// Twisted: `twisted.web.client.URI`.
public struct URI: Sendable, Hashable, CustomStringConvertible {
    /// The scheme, lowercased (`http`, `https`, …).
    public var scheme: String { didSet { refreshHostHeaderValue() } }
    /// The host as it goes into `Host` and name resolution: a name (lowercased), an IPv4 address, or an
    /// IPv6 address *without* brackets; empty for a URI without an authority.
    public var host: String { didSet { refreshHostHeaderValue() } }
    /// The port, explicit or the scheme's default (80, 443); 0 when the URI gives none and its scheme has
    /// no default known here.
    public var port: Int { didSet { refreshHostHeaderValue() } }
    /// The path: starting with `/` in a URI with an authority (`/` when it had none); as written in one
    /// without (`alice@example.com` in `mailto:alice@example.com`).
    public var path: String
    /// The query without `?`, or `nil` when there was none.
    public var query: String?
    /// Decoded `user` and `password` from userinfo, when present.
    public var userinfo: (user: String, password: String?)? {
        rawUserinfo.map { Self.splitUserinfo($0) }
    }
    /// The userinfo as written, before `@`.
    public var rawUserinfo: String?

    /// Whether ``host`` is an IPv6 literal (it is bracketed in ``hostHeaderValue`` and in URIs).
    public var isIPv6Literal: Bool { host.contains(":") }

    /// The request target in origin form: the path, then `?query` if any.
    ///
    /// Twisted: `URI.originForm`.
    public var originForm: String {
        if let query { return path + "?" + query }
        return path
    }

    /// The value of the `Host` header: the host (bracketed if IPv6), then `:port` unless it is the
    /// scheme's default port (or 0). Kept up to date when ``scheme``, ``host`` or ``port`` change, so a request
    /// reads it without building it again.
    public private(set) var hostHeaderValue = ""

    private mutating func refreshHostHeaderValue() {
        let h = isIPv6Literal ? "[" + host + "]" : host
        hostHeaderValue = port == 0 || port == Self.defaultPort(scheme: scheme) ? h : h + ":" + String(port)
    }

    /// The URI as text (without userinfo, so it can be logged).
    public var description: String {
        if host.isEmpty, !path.hasPrefix("/") { return "\(scheme):\(originForm)" }
        return "\(scheme)://\(hostHeaderValue)\(originForm)"
    }

    /// 80 for `http`, 443 for `https`, `nil` for others.
    public static func defaultPort(scheme: String) -> Int? {
        switch scheme {
        case "http": return 80
        case "https": return 443
        default: return nil
        }
    }

    /// Parses `text`.
    ///
    /// - Throws: ``InvalidURI`` naming what is wrong (no scheme, a malformed host or one empty in an
    ///   `http`/`https` URI, a bad port, an unterminated IPv6 literal). The scheme is not checked here
    ///   beyond its syntax (RFC 3986 §3.1): the Agent rejects schemes it cannot serve with
    ///   ``SchemeNotSupported``.
    ///
    /// Twisted: `URI.fromBytes`.
    public init(_ text: String) throws(InvalidURI) {
        var rest = Substring(text.trimmingWhitespace())
        guard let colon = rest.firstIndex(of: ":") else {
            throw InvalidURI(text, "it has no scheme (expected scheme://host/... or scheme:...)")
        }
        let scheme = rest[..<colon].lowercased()
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { throw InvalidURI(text, "the scheme is not valid") }
        self.scheme = scheme
        rest = rest[rest.index(after: colon)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard rest.hasPrefix("//") else {
            // No authority (RFC 3986 path-absolute, path-rootless or path-empty): `mailto:…`, `urn:…`.
            guard Self.defaultPort(scheme: scheme) == nil else {
                throw InvalidURI(text, "an \(scheme) URI needs a host (expected \(scheme)://host/...)")
            }
            host = ""
            port = 0
            var query: Substring?
            var path = rest
            if let q = rest.firstIndex(of: "?") {
                path = rest[..<q]
                query = rest[rest.index(after: q)...]
            }
            self.path = Self.encodeTargetBytes(path)
            self.query = query.map { Self.encodeTargetBytes($0) }
            refreshHostHeaderValue()
            return
        }
        rest = rest.dropFirst(2)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let pathAndQuery = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            rawUserinfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw InvalidURI(text, "an IPv6 literal is missing its closing bracket")
            }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw InvalidURI(text, "the IPv6 literal is not valid")
            }
            host = literal.lowercased()
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                portText = nil
            } else if after.first == ":" {
                portText = after.dropFirst()
            } else {
                throw InvalidURI(text, "unexpected characters after the IPv6 literal")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon].lowercased()
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority.lowercased()
            portText = nil
        }
        guard !host.isEmpty || Self.defaultPort(scheme: scheme) == nil else {
            throw InvalidURI(text, "the host is empty")
        }
        guard host.utf8.allSatisfy({ Self.isHostByte($0) }) else {
            throw InvalidURI(text, "the host has characters that are not allowed")
        }
        if let portText, !portText.isEmpty {
            guard portText.count <= 5, portText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                let port = Int(portText), port >= 1, port <= 65535
            else { throw InvalidURI(text, "the port is not a number from 1 to 65535") }
            self.port = port
        } else {
            self.port = Self.defaultPort(scheme: scheme) ?? 0
        }
        var path = pathAndQuery
        var query: Substring?
        if let q = pathAndQuery.firstIndex(of: "?") {
            path = pathAndQuery[..<q]
            query = pathAndQuery[pathAndQuery.index(after: q)...]
        }
        self.path = path.isEmpty ? "/" : Self.encodeTargetBytes(path)
        self.query = query.map { Self.encodeTargetBytes($0) }
        refreshHostHeaderValue()
    }

    /// Host bytes accepted: letters, digits, `-`, `.`, `_`, `:` (IPv6), `%` (zone or pct-encoded names).
    private static func isHostByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: ":"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    /// Percent-encodes only bytes that can never appear raw in a request target (space, controls,
    /// DEL, non-ASCII, `"`, `<`, `>`, `\`, `^`, backtick, `{`, `|`, `}`); leaves existing `%XX` alone.
    static func encodeTargetBytes(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { needsEncoding($0) }) else { return String(text) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count + 16)
        let hex = Array("0123456789ABCDEF".utf8)
        for b in utf8 {
            if needsEncoding(b) {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEncoding(_ b: UInt8) -> Bool {
        if b <= 0x20 || b >= 0x7F { return true }
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "^"),
            UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    private static func splitUserinfo(_ raw: String) -> (user: String, password: String?) {
        if let colon = raw.firstIndex(of: ":") {
            return (percentDecode(raw[..<colon]), percentDecode(raw[raw.index(after: colon)...]))
        }
        return (percentDecode(Substring(raw)), nil)
    }

    /// Decodes `%XX` escapes (invalid escapes are kept as written).
    static func percentDecode(_ text: Substring) -> String {
        var bytes = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        bytes = out
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// A URI could not be parsed; the message says which part is wrong.
public struct InvalidURI: Error, CustomStringConvertible {
    /// The text that was given.
    public let uri: String
    /// What is wrong with it.
    public let reason: String

    init(_ uri: String, _ reason: String) {
        self.uri = uri
        self.reason = reason
    }

    /// `invalid URI "<uri>": <reason>`.
    public var description: String { "invalid URI \"\(uri)\": \(reason)" }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
