/// The value of a `Retry-After` field (RFC 9110 §10.2.3): how long a client should wait before its next
/// request, as a number of seconds or as an HTTP-date.
///
/// `Retry-After = HTTP-date / delay-seconds`, `delay-seconds = 1*DIGIT`. Anything else (a negative or
/// fractional number, a date in another format, a list) is not a `Retry-After` value: ``init(_:)`` returns
/// `nil`, and a client should act as if the field were absent.
///
/// Twisted: no equivalent (urllib3: `Retry.parse_retry_after`).
public enum RetryAfter: Sendable, Hashable, CustomStringConvertible {
    /// `delay-seconds`: wait this many seconds (a number too large for `Int64` reads as `Int64.max`).
    case seconds(Int64)
    /// `HTTP-date`: wait until then.
    case date(HTTPDate)

    /// Parses a field value (already stripped of the optional whitespace around it, as ``Headers`` stores
    /// values); `nil` if it is neither delay-seconds nor an HTTP-date.
    ///
    /// - Parameter reference: Passed to ``HTTPDate/init(_:reference:)`` for a two-digit year.
    public init?(_ value: some StringProtocol, reference: HTTPDate? = nil) {
        let utf8 = value.utf8
        if let first = utf8.first, first >= 0x30, first <= 0x39 {
            var seconds: Int64 = 0
            for byte in utf8 {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let (times10, overflow1) = seconds.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 0x30))
                seconds = overflow1 || overflow2 ? Int64.max : sum
            }
            self = .seconds(seconds)
            return
        }
        guard let date = HTTPDate(value, reference: reference) else { return nil }
        self = .date(date)
    }

    /// The wait in whole seconds, counted from `now` for a date; never negative (a date in the past means
    /// no wait).
    public func delay(now: HTTPDate) -> Int64 {
        switch self {
        case .seconds(let seconds):
            return seconds
        case .date(let date):
            let (difference, overflow) = date.secondsSince1970.subtractingReportingOverflow(now.secondsSince1970)
            if overflow { return now.secondsSince1970 < 0 ? Int64.max : 0 }
            return max(difference, 0)
        }
    }

    /// The value as a sender writes it: the number, or the date as IMF-fixdate.
    public var description: String {
        switch self {
        case .seconds(let seconds): return String(seconds)
        case .date(let date): return date.imfFixdate
        }
    }
}
