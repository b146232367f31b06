import Glibc

/// The `Date` header line (`Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n`), formatted at most once per second.
///
/// Reactor-confined; one instance may be shared by every channel of a server.
final class HTTPDateCache {
    private var second: time_t = -1
    private var line: [UInt8] = []

    /// The header line for the current wall-clock second (RFC 9110 §5.6.7 IMF-fixdate).
    func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            line = Self.format(now)
        }
        return line
    }

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: time_t) -> [UInt8] {
        var value = seconds
        var parts = tm()
        gmtime_r(&value, &parts)
        var out = Array("Date: ".utf8)
        out.reserveCapacity(37)
        out.append(contentsOf: days[Int(parts.tm_wday)].utf8)
        out.append(contentsOf: ", ".utf8)
        appendTwoDigits(Int(parts.tm_mday), to: &out)
        out.append(0x20)
        out.append(contentsOf: months[Int(parts.tm_mon)].utf8)
        out.append(0x20)
        out.append(contentsOf: String(Int(parts.tm_year) + 1900).utf8)
        out.append(0x20)
        appendTwoDigits(Int(parts.tm_hour), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_min), to: &out)
        out.append(0x3A)
        appendTwoDigits(Int(parts.tm_sec), to: &out)
        out.append(contentsOf: " GMT\r\n".utf8)
        return out
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: 0x30 + value / 10))
        out.append(UInt8(truncatingIfNeeded: 0x30 + value % 10))
    }
}

@available(*, unavailable)
extension HTTPDateCache: Sendable {}
