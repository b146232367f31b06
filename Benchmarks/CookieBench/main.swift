// CookieBench: the client CPU a CookieJar adds to each request (docs/cookies.md, "Cost").
//
//   swift run -c release CookieBench                      # timed: jars of 0, 1,000 and 3,000 cookies
//   CookieBench <cookies> <iterations> [--no-uri]         # one run, untimed (Benchmarks/cookie-counts.sh
//                                                         # runs it under callgrind)
//
// Each iteration does a request's and its response's cookie work through the public API: parse the
// request URI (as CookieAgent does; `--no-uri` parses it once, outside the loop), build the Cookie header
// (`cookieHeader(for:)`) and add it to the request's headers, then store the response's two Set-Cookie
// fields (`store(setCookies:from:)`, which replace the two the previous iteration stored, as in a steady
// session). The jar holds `cookies` cookies spread over 100 sites (`site0.example` … `site99.example`;
// per site: domain and host-only cookies on `/`, cookies on another path, Secure ones, and cookies of an
// `api.` subdomain). The request goes to `http://www.site42.example/app/page`; with 1,000 cookies it
// matches 4 of them, plus the 2 it stores. The jar runs on an EpollReactor's clock (`CLOCK_MONOTONIC`,
// read per call), as in real use. Figures are printed, never asserted.
import Glibc
import Reactor
import WebClient

func makeJar(reactor: EpollReactor, cookies: Int) -> CookieJar {
    let jar = CookieJar(clock: reactor, unixTime: .seconds(1_764_000_000))
    for index in 0..<cookies {
        let site = index % 100
        let slot = index / 100
        let header: String
        switch slot % 5 {
        case 0: header = "pref\(slot)=v\(index); Domain=site\(site).example; Path=/; Max-Age=86400"
        case 1: header = "host\(slot)=v\(index); Path=/; Max-Age=86400"
        case 2: header = "deep\(slot)=v\(index); Path=/other/x"
        case 3: header = "sec\(slot)=v\(index); Secure; Path=/"
        default: header = "api\(slot)=v\(index); Domain=api.site\(site).example; Path=/"
        }
        jar.store(setCookies: [header], from: try! URI("https://\(slot % 5 == 4 ? "api" : "www").site\(site).example/"))
    }
    return jar
}

let target = "http://www.site42.example/app/page"

/// The loop; returns the bytes of Cookie headers built (so nothing is optimised away).
func run(jar: CookieJar, iterations: Int, parseURI: Bool) -> Int {
    let parsed = try! URI(target)
    var response = Headers()
    response.add(name: "Set-Cookie", value: "session=abc123; Path=/; HttpOnly")
    response.add(name: "Set-Cookie", value: "track=xyz; Max-Age=3600; Domain=site42.example; Path=/")
    var sent = 0
    for _ in 0..<iterations {
        let uri = parseURI ? try! URI(target) : parsed
        var headers = Headers()
        if let cookie = jar.cookieHeader(for: uri) {
            headers.add(name: "Cookie", value: cookie)
            sent += headers.count
        }
        jar.store(setCookies: response.values(name: "Set-Cookie"), from: uri)
    }
    return sent
}

func nanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

let reactor = try EpollReactor()
let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
if numbers.count == 2 {
    let jar = makeJar(reactor: reactor, cookies: numbers[0])
    let sent = run(jar: jar, iterations: numbers[1], parseURI: !CommandLine.arguments.contains("--no-uri"))
    print("cookies=\(jar.count) sent=\(sent)")
} else {
    for cookies in [0, 1_000, 3_000] {
        let jar = makeJar(reactor: reactor, cookies: cookies)
        var figures: [String] = []
        for parseURI in [false, true] {
            _ = run(jar: jar, iterations: 1_000, parseURI: parseURI)
            let iterations = 100_000
            let start = nanoseconds()
            _ = run(jar: jar, iterations: iterations, parseURI: parseURI)
            figures.append("\((nanoseconds() - start) / UInt64(iterations)) ns")
        }
        let header = jar.cookieHeader(for: try URI(target)) ?? ""
        print("jar of \(jar.count) cookies: \(figures[0]) per request and response, \(figures[1]) with the URI parse")
        print("    Cookie: \(header)")
    }
}
