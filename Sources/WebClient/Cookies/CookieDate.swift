/// Cookie dates: RFC 6265 §5.1.1's lenient parsing algorithm and the IMF-fixdate form Torsion writes.
///
/// Times are Unix times: the `Duration` since 1970-01-01T00:00:00Z, whole seconds.
///
/// The parser is total: any string gives a date or `nil`, never a crash, whatever its bytes. It accepts
/// what browsers accept (`Wed, 09 Jun 2021 10:18:14 GMT`, `Mon, 10-Dec-07 20:35:03 GMT`,
/// `Thu Jan  1 00:00:00 1970`, `Saturday, 8-Dec-2012 21:24:09 GMT`): the string is cut into tokens at
/// delimiters, and the first token shaped like a time, a day of the month, a month name and a year fill
/// those fields in that order of preference; two-digit years 70–99 are 19xx and 00–69 are 20xx; a date
/// before 1601, a missing field, or one out of range (31 February, hour 24) is no date.
///
/// Twisted: none (Python's `http.cookiejar.http2time` plays this part for `cookielib`).
public enum CookieDate {
    /// The earliest time a cookie date can denote: 1601-01-01T00:00:00Z.
    public static let earliest = Duration.seconds(-11_644_473_600)
    /// The latest time a cookie date can denote: 9999-12-31T23:59:59Z. Expiry times later than this
    /// (a large `Max-Age`) are clamped to it.
    public static let latest = Duration.seconds(253_402_300_799)

    /// Parses `text` with RFC 6265 §5.1.1's algorithm; `nil` when it is not a cookie date.
    public static func parse(_ text: String) -> Duration? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses `text` with RFC 6265 §5.1.1's algorithm; `nil` when it is not a cookie date.
    public static func parse(_ text: Substring) -> Duration? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// Parses the bytes of a cookie date with RFC 6265 §5.1.1's algorithm; `nil` when they are not one.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Duration? {
        var fields = Fields()
        var index = 0
        while index < bytes.count {
            while index < bytes.count, isDelimiter(bytes[index]) { index += 1 }
            let start = index
            while index < bytes.count, !isDelimiter(bytes[index]) { index += 1 }
            if index > start { fields.take(token: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
        }
        return fields.date()
    }

    /// `time` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form servers should send and the
    /// parser reads back to the same time. Fractions of a second are dropped; times outside
    /// ``earliest``...``latest`` are clamped to them.
    public static func format(_ time: Duration) -> String {
        let seconds = min(max(time, earliest), latest).components.seconds
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        var out = weekdays[weekday] + ", " + twoDigits(day) + " " + months[month - 1] + " "
        out += String(year) + " " + twoDigits(secondOfDay / 3600) + ":" + twoDigits(secondOfDay / 60 % 60)
        out += ":" + twoDigits(secondOfDay % 60) + " GMT"
        return out
    }

    /// The Unix time of a UTC calendar date and time, or `nil` if no such date exists (month 1...12,
    /// day 1...days in that month, hour 0...23, minute and second 0...59).
    static func time(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Duration? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let days = self.days(year: year, month: month, day: day)
        return .seconds(days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    // MARK: - The algorithm's fields

    /// The found-… flags and values of §5.1.1 step 2.
    private struct Fields {
        var time: (hour: Int, minute: Int, second: Int)?
        var dayOfMonth: Int?
        var month: Int?
        var year: Int?

        mutating func take(token: UnsafeBufferPointer<UInt8>) {
            if time == nil, let hms = CookieDate.time(token) {
                time = hms
            } else if dayOfMonth == nil, let day = CookieDate.digits(token, min: 1, max: 2) {
                dayOfMonth = day
            } else if month == nil, let month = CookieDate.month(token) {
                self.month = month
            } else if year == nil, let year = CookieDate.digits(token, min: 2, max: 4) {
                self.year = year
            }
        }

        func date() -> Duration? {
            guard let time, let dayOfMonth, let month, var year else { return nil }
            if (70...99).contains(year) { year += 1900 } else if (0...69).contains(year) { year += 2000 }
            guard (1...31).contains(dayOfMonth), year >= 1601 else { return nil }
            return CookieDate.time(
                year: year, month: month, day: dayOfMonth, hour: time.hour, minute: time.minute, second: time.second)
        }
    }

    /// `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09, 0x20...0x2F, 0x3B...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `min*max DIGIT [ non-digit *OCTET ]`: the number the leading digits denote.
    private static func digits(_ token: UnsafeBufferPointer<UInt8>, min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        for byte in token {
            guard isDigit(byte) else { break }
            count += 1
            guard count <= max else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return count >= min ? value : nil
    }

    /// `time-field ":" time-field ":" time-field [ non-digit *OCTET ]`, each field `1*2DIGIT`.
    private static func time(_ token: UnsafeBufferPointer<UInt8>) -> (hour: Int, minute: Int, second: Int)? {
        var index = 0
        /// One `1*2DIGIT` field at `index`.
        func field() -> Int? {
            var value = 0
            var count = 0
            while index < token.count, isDigit(token[index]) {
                count += 1
                guard count <= 2 else { return nil }
                value = value * 10 + Int(token[index] - 0x30)
                index += 1
            }
            return count >= 1 ? value : nil
        }
        func colon() -> Bool {
            guard index < token.count, token[index] == UInt8(ascii: ":") else { return false }
            index += 1
            return true
        }
        guard let hour = field(), colon(), let minute = field(), colon(), let second = field() else { return nil }
        return (hour, minute, second)
    }

    /// A token starting with a month's first three letters, any case: the month's number.
    private static func month(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        var key: UInt32 = 0
        var count = 0
        for byte in token.prefix(3) {
            key = key << 8 | UInt32(byte | 0x20)
            count += 1
        }
        guard count == 3 else { return nil }
        return monthKeys.firstIndex(of: key).map { $0 + 1 }
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// The months' lowercase three-letter names packed into integers, for matching without allocating.
    private static let monthKeys: [UInt32] = months.map { name in
        name.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1 | 0x20) }
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0" + String(value) : String(value) }

    // MARK: - The proleptic Gregorian calendar

    private static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days from 1970-01-01 to a date (the "days from civil" algorithm, valid for any year here).
    private static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of ``days(year:month:day:)``).
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
