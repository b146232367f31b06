import Testing

@testable import HTTPCore

/// HTTP-date (RFC 9110 §5.6.7) in its three forms, and `Retry-After` (§10.2.3). Expected values were
/// checked against Python's `calendar.timegm` and `time.strftime`.
@Suite struct HTTPDateTests {
    @Test(arguments: [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777),
        ("Sun Nov  6 08:49:37 1994", 784_111_777),
        ("Sun Nov 16 08:49:37 1994", 784_111_777 + 10 * 86_400),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Wed, 31 Dec 1969 23:59:59 GMT", -1),
        ("Tue, 29 Feb 2000 00:00:00 GMT", 951_782_400),
        ("Thu, 29 Feb 2024 12:00:00 GMT", 1_709_208_000),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799),
        ("Thu, 01 Mar 1900 00:00:00 GMT", -2_203_891_200),
        // A leap second is the first second of the next minute.
        ("Wed, 31 Dec 2008 23:59:60 GMT", 1_230_768_000),
    ] as [(String, Int64)])
    func theThreeFormsParse(text: String, seconds: Int64) {
        #expect(HTTPDate(text)?.secondsSince1970 == seconds)
    }

    @Test(arguments: [
        "",
        "Sun, 06 Nov 1994 08:49:37 UTC",  // only GMT
        "sun, 06 Nov 1994 08:49:37 GMT",  // case-sensitive
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT",  // two-digit day
        "Sun,  06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 30 Feb 1994 08:49:37 GMT",  // no such day
        "Sun, 29 Feb 1900 08:49:37 GMT",  // 1900 is not a leap year
        "Sun, 31 Apr 1994 08:49:37 GMT",
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06 Nov 1994 08:49:37 GMTX",
        "Sun, 06-Nov-94 08:49:37 GMT",  // RFC 850 needs the long day name
        "Sunday, 06 Nov 1994 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",  // asctime pads a one-digit day with a space
        "Sun Nov  6 08:49:37 94",
        "Sun Nov 06 08:49:37 1994 GMT",
        "2024-02-29T12:00:00Z",
        "120",
    ])
    func everythingElseIsRefused(text: String) {
        #expect(HTTPDate(text) == nil)
    }

    @Test func twoDigitYearsFollowTheFiftyYearRule() {
        // Without a reference: 1970...2069.
        #expect(HTTPDate("Sunday, 01-Jan-68 00:00:00 GMT")?.secondsSince1970 == 3_092_601_600)
        #expect(HTTPDate("Thursday, 01-Jan-70 00:00:00 GMT")?.secondsSince1970 == 0)
        // In 2030, "81" would be 2081, more than 50 years ahead: 1981. "80" is 2080, exactly 50 ahead.
        let reference = HTTPDate("Tue, 01 Jan 2030 00:00:00 GMT")!
        #expect(HTTPDate.fullYear(81, reference: reference) == 1981)
        #expect(HTTPDate.fullYear(80, reference: reference) == 2080)
        #expect(HTTPDate.fullYear(30, reference: reference) == 2030)
        #expect(HTTPDate.fullYear(99, reference: HTTPDate("Fri, 01 Jan 1999 00:00:00 GMT")!) == 1999)
        // A year more than 49 back in the century reads forward: in 2084, "34" is 2134, not 2034.
        let late = HTTPDate("Sat, 01 Jan 2084 00:00:00 GMT")!
        #expect(HTTPDate.fullYear(34, reference: late) == 2134)
        #expect(HTTPDate.fullYear(35, reference: late) == 2035)
        // The window stays in the years an HTTP-date has (both found by the http-date fuzz target).
        let yearZero = HTTPDate("Sat, 01 Jan 0000 00:00:00 GMT")!
        #expect(HTTPDate.fullYear(70, reference: yearZero) == 70)
        #expect(HTTPDate.fullYear(10, reference: HTTPDate("Fri, 31 Dec 9999 23:59:59 GMT")!) == 9910)
    }

    @Test(arguments: [Int64(784_111_777), 0, -1, 951_782_400, 253_402_300_799, -62_167_219_200, 1_709_208_000])
    func formattingIsIMFFixdateAndRoundTrips(seconds: Int64) {
        let date = HTTPDate(secondsSince1970: seconds)
        #expect(date.imfFixdate.utf8.count == 29)
        #expect(HTTPDate(date.imfFixdate) == date)
    }

    @Test func formattingMatchesTheRFCExampleAndClampsOutOfRange() {
        #expect(HTTPDate(secondsSince1970: 784_111_777).imfFixdate == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate(secondsSince1970: -1).description == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate(secondsSince1970: .max).imfFixdate == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(HTTPDate(secondsSince1970: .min).imfFixdate == "Sat, 01 Jan 0000 00:00:00 GMT")
    }

    @Test func everyDayOfFourCenturiesRoundTripsThroughTheCalendar() {
        // 1900-03-01 to 2300-03-01: every day's civil date maps back to the same day number.
        let start = HTTPDate.days(year: 1900, month: 3, day: 1)
        var mismatches = 0
        var previous = HTTPDate.civil(fromDays: start - 1)
        for days in start..<(start + 146_097) {
            let date = HTTPDate.civil(fromDays: days)
            if HTTPDate.days(year: date.year, month: date.month, day: date.day) != days { mismatches += 1 }
            // Consecutive days: the next day of the month, or the first of the next month.
            let follows = date.day == previous.day + 1 && date.month == previous.month
                || date.day == 1 && previous.day == HTTPDate.daysIn(month: previous.month, year: previous.year)
            if !follows { mismatches += 1 }
            previous = date
        }
        #expect(mismatches == 0)
        #expect(HTTPDate.civil(fromDays: start + 146_097) == (2300, 3, 1))
    }

    @Test func retryAfterIsSecondsOrADate() {
        #expect(RetryAfter("120") == .seconds(120))
        #expect(RetryAfter("0") == .seconds(0))
        #expect(RetryAfter("99999999999999999999999") == .seconds(.max))
        #expect(RetryAfter("Sun, 06 Nov 1994 08:49:37 GMT") == .date(HTTPDate(secondsSince1970: 784_111_777)))
        for garbage in ["", "-1", "1.5", "+5", "12 ", "soon", "5, 6", "0x10", "Sun, 06 Nov 1994"] {
            #expect(RetryAfter(garbage) == nil, "\(garbage)")
        }
    }

    @Test func retryAfterDelaysAreNeverNegative() {
        let now = HTTPDate(secondsSince1970: 1_000)
        #expect(RetryAfter.seconds(7).delay(now: now) == 7)
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: 1_030)).delay(now: now) == 30)
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: 900)).delay(now: now) == 0)
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: .max)).delay(now: HTTPDate(secondsSince1970: -5)) == .max)
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: .min)).delay(now: HTTPDate(secondsSince1970: 5)) == 0)
        #expect(RetryAfter.seconds(42).description == "42")
    }
}
