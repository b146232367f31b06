// libFuzzer target: the Set-Cookie parser and the cookie-date algorithm (scripts/fuzz.sh runs it as
// set-cookie).
//
// Input: the bytes of one Set-Cookie header value (held isomorphically, as Headers holds them). Seeds:
// the http-state corpus's headers (Tests/Fixtures/cookies/http-state-parser.json) and real-world shapes
// under Fuzz/Seeds/set-cookie.
//
// Properties:
// - parsing never crashes: a header gives a SetCookie or a CookieRejection;
// - an accepted cookie keeps the parser's promises (a name that is not empty, no `;` in name or value,
//   no space or tab at their ends, a lowercase domain, a path starting with `/`, Max-Age within its
//   limit, Expires within the representable dates);
// - round trip: its headerValue parses back to an equal SetCookie;
// - the date parser is total on the whole input and on every `;`-separated piece, and a date it finds
//   formats to an IMF-fixdate that parses back to the same time.
import HTTPCore

@testable import WebClientCookies

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant: \(message())") }
}

func checkDate(_ text: Substring) {
    guard let date = CookieDate.parse(text) else { return }
    check(date >= CookieDate.earliest && date <= CookieDate.latest, "date out of range: \(date) from \(text.debugDescription)")
    let formatted = CookieDate.format(date)
    check(CookieDate.parse(formatted) == date, "date \(formatted) does not parse back to \(date)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = Latin1.decode(UnsafeBufferPointer(start: data, count: size))
    checkDate(header[...])
    for piece in header.split(separator: ";") { checkDate(piece) }

    let cookie: SetCookie
    do {
        cookie = try SetCookie(parsing: header)
    } catch {
        return 0
    }
    let isWSP: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
    check(!cookie.name.isEmpty, "empty name")
    check(!cookie.name.contains(";") && !cookie.name.contains("=") && !cookie.value.contains(";"), "separator kept")
    for text in [cookie.name, cookie.value] {
        check(!(text.utf8.first.map(isWSP) ?? false) && !(text.utf8.last.map(isWSP) ?? false), "untrimmed \(text.debugDescription)")
    }
    if let domain = cookie.domain { check(!domain.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "domain not lowercased") }
    if let path = cookie.path { check(path.hasPrefix("/"), "path \(path.debugDescription)") }
    if let maxAge = cookie.maxAge { check(abs(maxAge) <= SetCookie.maxAgeLimit, "max-age \(maxAge)") }
    if let expires = cookie.expires { check(expires >= CookieDate.earliest && expires <= CookieDate.latest, "expires") }

    let written = cookie.headerValue
    do {
        let again = try SetCookie(parsing: written)
        check(again == cookie, "round trip: \(header.debugDescription) -> \(written.debugDescription) -> \(again)")
    } catch {
        check(false, "\(written.debugDescription) (from \(header.debugDescription)) was refused: \(error)")
    }
    return 0
}
