import Glibc

/// An HTTP-date (RFC 9110 §5.6.7): a point in time, to the second, in UTC.
///
/// Parsing accepts the three forms a recipient must accept, exactly as the grammar writes them
/// (case-sensitive, single spaces, `GMT`):
/// - IMF-fixdate, the preferred form: `Sun, 06 Nov 1994 08:49:37 GMT`;
/// - the obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT`;
/// - the obsolete asctime form: `Sun Nov  6 08:49:37 1994`.
///
/// The day name must be a real one but is not checked against the date (RFC 9110 lets a recipient trust
/// the date); the day must exist in its month (`Feb 30` is refused); a second of `60` (a leap second) is
/// read as the first second of the next minute. Formatting always writes IMF-fixdate.
///
/// Pure arithmetic on the proleptic Gregorian calendar: no Foundation, no `timegm`, no locale.
///
/// Twisted: `twisted.web.http.stringToDatetime` and `datetimeToString`.
public struct HTTPDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01 00:00:00 UTC (negative before it).
    public var secondsSince1970: Int64

    /// The date `secondsSince1970` seconds after the Unix epoch.
    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    /// The current wall-clock time (`CLOCK_REALTIME`), to the second: what a `Date` header carries and
    /// what a `Retry-After` date is measured from. Not monotonic; reactor timers use the reactor's clock.
    public static func now() -> HTTPDate {
        HTTPDate(secondsSince1970: Int64(time(nil)))
    }

    /// Parses an HTTP-date in any of its three forms; `nil` if `text` is none of them.
    ///
    /// - Parameter reference: For the RFC 850 form's two-digit year: a year that would lie more than 50
    ///   years after `reference` is read as the most recent past year with those digits (RFC 9110 §5.6.7).
    ///   Without a reference, two-digit years are read in 1970...2069.
    public init?(_ text: some StringProtocol, reference: HTTPDate? = nil) {
        guard let seconds = Self.parse(Array(text.utf8), reference: reference) else { return nil }
        secondsSince1970 = seconds
    }

    /// The earliest and latest dates an HTTP-date can write (years 0000 and 9999).
    static let range = Int64(-62_167_219_200)...Int64(253_402_300_799)

    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form a sender must use. Dates outside the years
    /// 0000 to 9999 are written as the nearest of those years' ends.
    public var imfFixdate: String {
        let clamped = min(max(secondsSince1970, Self.range.lowerBound), Self.range.upperBound)
        let (days, secondOfDay) = Self.floorDivide(clamped, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Int(Self.floorDivide(days + 4, 7).remainder)  // 1970-01-01 was a Thursday
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += Self.dayNames[weekday].utf8
        out += ", ".utf8
        Self.append(day, digits: 2, to: &out)
        out.append(0x20)
        out += Self.monthNames[month - 1].utf8
        out.append(0x20)
        Self.append(Int(year), digits: 4, to: &out)
        out.append(0x20)
        Self.append(Int(secondOfDay / 3600), digits: 2, to: &out)
        out.append(0x3A)
        Self.append(Int(secondOfDay / 60 % 60), digits: 2, to: &out)
        out.append(0x3A)
        Self.append(Int(secondOfDay % 60), digits: 2, to: &out)
        out += " GMT".utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// ``imfFixdate``.
    public var description: String { imfFixdate }

    /// Earlier dates first.
    public static func < (lhs: HTTPDate, rhs: HTTPDate) -> Bool {
        lhs.secondsSince1970 < rhs.secondsSince1970
    }

    // MARK: - Names

    static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    // MARK: - Calendar arithmetic

    /// Days from 1970-01-01 to `year`-`month`-`day` (proleptic Gregorian; the era-of-400-years method).
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400).quotient
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64((month + 9) % 12)  // March is 0
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The calendar date `days` after 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    private static func append(_ value: Int, digits: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
