// libFuzzer target: the Netscape cookies.txt reader and writer (scripts/fuzz.sh runs it as cookies-txt).
//
// Input: the bytes of a cookies file. Seeds: the files curl and Python wrote in the interop test
// (Tests/Fixtures/cookies/*-cookies.txt) and hand-made files under Fuzz/Seeds/cookies-txt.
//
// Properties:
// - reading never crashes; each line is a cookie, a comment, or one problem; problems come in line
//   order, within the file's lines;
// - a cookie read has a name and a domain, a lowercase domain without its leading dot, no control
//   character in its name or value;
// - writing what was read and reading it back gives no problem, and writing that again gives the same
//   bytes (the writer leaves out what the format cannot hold, the same way both times).
import HTTPCore

@testable import WebClientCookies

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant: \(message())") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let contents = NetscapeCookieFile.decode(bytes)
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
    var previous = 0
    for problem in contents.problems {
        check(problem.line > previous && problem.line <= lines, "problem line \(problem.line) of \(lines)")
        previous = problem.line
    }
    for cookie in contents.cookies {
        check(!cookie.name.isEmpty && !cookie.domain.isEmpty, "empty name or domain")
        check(!cookie.domain.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }, "domain not lowercased")
        check(!SetCookie.hasControlCharacter(cookie.name) && !SetCookie.hasControlCharacter(cookie.value), "control character")
    }
    let written = NetscapeCookieFile.encode(contents.cookies)
    let reread = NetscapeCookieFile.decode(written)
    check(reread.problems.isEmpty, "the writer's output has problems: \(reread.problems)")
    let rewritten = NetscapeCookieFile.encode(reread.cookies)
    check(rewritten == written, "not stable: \(String(decoding: written, as: UTF8.self).debugDescription)")
    return 0
}
