import Glibc
import HTTPCore

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

    /// `Date: <IMF-fixdate>\r\n` for `seconds` since 1970 (``HTTPDate``, HTTPCore's one date formatter).
    static func format(_ seconds: time_t) -> [UInt8] {
        Array("Date: \(HTTPDate(secondsSince1970: Int64(seconds)).imfFixdate)\r\n".utf8)
    }
}

@available(*, unavailable)
extension HTTPDateCache: Sendable {}
