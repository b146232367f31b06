import Glibc

/// RFC 6265's matching rules (§5.1.3 domain-match, §5.1.4 default-path and path-match) and Torsion's
/// public-suffix check, on strings already lowercased where the RFC canonicalises.
enum CookieMatching {
    /// Whether `host` domain-matches `domain` (§5.1.3): they are identical, or `host` is a host name (not
    /// an IP address) ending in `.` + `domain`. `hostIsIP` saves looking at `host` again when known.
    static func domainMatches(host: String, domain: String, hostIsIP: Bool? = nil) -> Bool {
        if host == domain { return true }
        var hostCopy = host
        var domainCopy = domain
        let suffixMatches = hostCopy.withUTF8 { hostBytes in
            domainCopy.withUTF8 { domainBytes in
                let dot = hostBytes.count - domainBytes.count - 1
                guard !domainBytes.isEmpty, dot >= 0, hostBytes[dot] == UInt8(ascii: ".") else { return false }
                return memcmp(hostBytes.baseAddress! + dot + 1, domainBytes.baseAddress!, domainBytes.count) == 0
            }
        }
        return suffixMatches && !(hostIsIP ?? isIPAddress(host))
    }

    /// Whether `requestPath` path-matches `cookiePath` (§5.1.4): identical, or `cookiePath` is a prefix
    /// that ends in `/` or is followed by `/` in `requestPath`.
    static func pathMatches(requestPath: String, cookiePath: String) -> Bool {
        var request = requestPath
        var cookie = cookiePath
        return request.withUTF8 { request in
            cookie.withUTF8 { cookie in
                guard request.count >= cookie.count else { return false }
                if cookie.isEmpty { return true }
                guard memcmp(request.baseAddress!, cookie.baseAddress!, cookie.count) == 0 else { return false }
                return request.count == cookie.count || cookie[cookie.count - 1] == UInt8(ascii: "/")
                    || request[cookie.count] == UInt8(ascii: "/")
            }
        }
    }

    /// The default path of a request path (§5.1.4): up to, not including, its last `/`; `/` when the
    /// path is empty, does not start with `/` or has only one `/`.
    static func defaultPath(_ requestPath: String) -> String {
        let utf8 = requestPath.utf8
        guard utf8.first == UInt8(ascii: "/"), let lastSlash = utf8.lastIndex(of: UInt8(ascii: "/")),
            lastSlash != utf8.startIndex
        else { return "/" }
        return String(requestPath[..<lastSlash])
    }

    /// Whether `host` is an IP address: an IPv6 literal (it holds `:`), or a name whose last label is a
    /// number (decimal, or hexadecimal with `0x`), as the URL standard reads `127.0.0.1` or `0x7f.1`.
    static func isIPAddress(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { bytes in
            if bytes.contains(UInt8(ascii: ":")) { return true }
            var end = bytes.count
            if end > 1, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: ".") { start -= 1 }
            let label = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard !label.isEmpty else { return false }
            if label.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
            guard label.count >= 2, label[0] == UInt8(ascii: "0"), label[1] | 0x20 == UInt8(ascii: "x") else {
                return false
            }
            return label.dropFirst(2).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
        }
    }

    /// Whether `domain` is a public suffix as far as Torsion knows without the Public Suffix List: a
    /// single label (`com`, `localhost`; the list's `*` rule makes every unlisted top-level name one), or
    /// one of ``multiLabelPublicSuffixes``.
    static func isPublicSuffix(_ domain: String) -> Bool {
        !domain.utf8.contains(UInt8(ascii: ".")) || multiLabelPublicSuffixes.contains(domain)
    }

    /// Common second-level registries from the Public Suffix List's ICANN section, so that a cookie for
    /// all of `co.uk` is refused. A short list, not the PSL: suffixes not listed here (private ones such
    /// as `github.io`, and most country registries) are treated as ordinary domains.
    static let multiLabelPublicSuffixes: Set<String> = [
        "co.uk", "org.uk", "me.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "net.uk", "sch.uk", "nhs.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "id.au", "asn.au",
        "co.nz", "net.nz", "org.nz", "govt.nz", "ac.nz", "school.nz",
        "co.jp", "ne.jp", "or.jp", "ac.jp", "go.jp", "gr.jp", "ad.jp", "ed.jp", "lg.jp",
        "com.br", "net.br", "org.br", "gov.br", "edu.br",
        "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn",
        "com.mx", "org.mx", "gob.mx", "edu.mx",
        "co.in", "net.in", "org.in", "gov.in", "ac.in", "firm.in",
        "co.za", "org.za", "gov.za", "ac.za", "web.za",
        "com.tw", "org.tw", "net.tw", "edu.tw", "gov.tw",
        "co.kr", "or.kr", "ac.kr", "go.kr", "ne.kr",
        "com.hk", "org.hk", "edu.hk", "gov.hk",
        "com.sg", "org.sg", "edu.sg", "gov.sg",
        "com.tr", "org.tr", "gov.tr", "edu.tr",
        "com.ar", "gob.ar", "co.il", "org.il", "ac.il", "com.ua", "co.id", "ac.id",
        "com.my", "com.ph", "com.vn", "com.sa", "com.eg", "com.pk", "co.th", "com.co", "com.pe", "com.ng",
        "com.pl", "com.es", "co.at", "or.at", "com.ru", "co.ke", "com.bd", "com.np",
    ]
}
