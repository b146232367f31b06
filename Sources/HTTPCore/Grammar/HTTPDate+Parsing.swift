/// The three HTTP-date grammars of RFC 9110 §5.6.7, read byte by byte.
extension HTTPDate {
    /// Reads the bytes of one grammar production after another; any mismatch makes the parse fail.
    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func expect(_ text: String) -> Bool {
            for byte in text.utf8 where !expect(byte) { return false }
            return true
        }

        /// Exactly `count` ASCII digits.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        /// One of `names`; its index.
        mutating func name(_ names: [String]) -> Int? {
            for (position, name) in names.enumerated() {
                let utf8 = name.utf8
                if index + utf8.count <= bytes.count, bytes[index..<index + utf8.count].elementsEqual(utf8) {
                    index += utf8.count
                    return position
                }
            }
            return nil
        }

        /// `hour ":" minute ":" second`, as seconds into the day (a leap second 60 is allowed).
        mutating func timeOfDay() -> Int64? {
            guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2),
                hour < 24, minute < 60, second <= 60
            else { return nil }
            return Int64(hour * 3600 + minute * 60 + second)
        }
    }

    /// Seconds since 1970 for `bytes` in any of the three forms, or `nil`.
    static func parse(_ bytes: [UInt8], reference: HTTPDate?) -> Int64? {
        // The forms differ by what follows the day name: ", " (IMF-fixdate), "," after a long name
        // (RFC 850), " " (asctime).
        guard bytes.count >= 24, bytes.count <= 40 else { return nil }
        if bytes[3] == 0x2C { return imfFixdate(bytes) }
        if bytes[3] == 0x20 { return asctime(bytes) }
        return rfc850(bytes, reference: reference)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    private static func imfFixdate(_ bytes: [UInt8]) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.name(dayNames) != nil, cursor.expect(", "), let day = cursor.digits(2), cursor.expect(0x20),
            let month = cursor.name(monthNames), cursor.expect(0x20), let year = cursor.digits(4), cursor.expect(0x20),
            let time = cursor.timeOfDay(), cursor.expect(" GMT"), cursor.atEnd
        else { return nil }
        return seconds(year: Int64(year), month: month + 1, day: day, time: time)
    }

    /// `Sunday, 06-Nov-94 08:49:37 GMT`.
    private static func rfc850(_ bytes: [UInt8], reference: HTTPDate?) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.name(longDayNames) != nil, cursor.expect(", "), let day = cursor.digits(2), cursor.expect(0x2D),
            let month = cursor.name(monthNames), cursor.expect(0x2D), let shortYear = cursor.digits(2),
            cursor.expect(0x20), let time = cursor.timeOfDay(), cursor.expect(" GMT"), cursor.atEnd
        else { return nil }
        return seconds(year: fullYear(shortYear, reference: reference), month: month + 1, day: day, time: time)
    }

    /// `Sun Nov  6 08:49:37 1994` (a one-digit day is preceded by a space).
    private static func asctime(_ bytes: [UInt8]) -> Int64? {
        var cursor = Cursor(bytes: bytes)
        guard cursor.name(dayNames) != nil, cursor.expect(0x20), let month = cursor.name(monthNames),
            cursor.expect(0x20)
        else { return nil }
        let day: Int
        if cursor.expect(0x20) {
            guard let one = cursor.digits(1) else { return nil }
            day = one
        } else {
            guard let two = cursor.digits(2) else { return nil }
            day = two
        }
        guard cursor.expect(0x20), let time = cursor.timeOfDay(), cursor.expect(0x20), let year = cursor.digits(4),
            cursor.atEnd
        else { return nil }
        return seconds(year: Int64(year), month: month + 1, day: day, time: time)
    }

    /// RFC 9110's rule for two-digit years: the year with those digits from 49 years before the reference
    /// to 50 years after it (a year more than 50 years ahead is the most recent past one with the same
    /// digits), kept within 0...9999; 1970...2069 without a reference.
    static func fullYear(_ shortYear: Int, reference: HTTPDate?) -> Int64 {
        guard let reference else { return Int64(shortYear < 70 ? 2000 + shortYear : 1900 + shortYear) }
        let referenceYear = civil(fromDays: floorDivide(reference.secondsSince1970, 86_400).quotient).year
        var year = referenceYear - floorDivide(referenceYear, 100).remainder + Int64(shortYear)
        if year > referenceYear + 50, year >= 100 {
            year -= 100
        } else if year < referenceYear - 49, year + 100 <= 9999 {
            year += 100
        }
        return year
    }

    private static func seconds(year: Int64, month: Int, day: Int, time: Int64) -> Int64? {
        guard day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return days(year: year, month: month, day: day) * 86_400 + time
    }
}
