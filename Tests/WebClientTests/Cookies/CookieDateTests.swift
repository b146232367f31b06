import Testing

@testable import WebClient

@Suite("Cookie dates (RFC 6265 §5.1.1)")
struct CookieDateTests {
    /// The http-state group's date examples and Chromium's (`bsd-examples`), with their expected result.
    @Test(arguments: ["http-state-dates.json", "http-state-bsd-dates.json"])
    func httpStateExamples(file: String) throws {
        let cases = try #require(try CookieFixtures.json(file) as? [[String: Any]])
        #expect(cases.count >= 15)
        for example in cases {
            let text = try #require(example["test"] as? String)
            let expected = example["expected"] as? String
            #expect(CookieDate.parse(text).map(CookieDate.format) == expected, "\(String(reflecting: text))")
        }
    }

    @Test func fieldsInAnyOrderAndTwoDigitYears() {
        let expected = CookieDate.time(year: 2007, month: 12, day: 10, hour: 17, minute: 2, second: 24)
        #expect(expected != nil)
        for text in [
            "Mon, 10 Dec 2007 17:02:24 GMT", "10-Dec-07 17:02:24", "17:02:24 Dec 10 2007", "dEc 10 17:02:24 07",
            "Monday,10-December-2007,17:02:24", "10 Dec 2007 17:02:24 +0100",
        ] {
            #expect(CookieDate.parse(text) == expected, "\(text)")
        }
        #expect(CookieDate.parse("1 Jan 70 00:00:00") == .zero)
        #expect(CookieDate.parse("1 Jan 69 00:00:00") == CookieDate.time(year: 2069, month: 1, day: 1, hour: 0, minute: 0, second: 0))
    }

    @Test func outOfRangeAndMissingFieldsAreNoDate() {
        for text in [
            "", "GMT", "10 Dec 2007", "Dec 2007 17:02:24", "10 Dec 17:02:24", "10 2007 17:02:24",
            "1 Jan 1600 00:00:00", "0 Jan 2000 00:00:00", "32 Jan 2000 00:00:00", "29 Feb 2001 00:00:00",
            "31 Apr 2001 00:00:00", "1 Jan 2000 24:00:00", "1 Jan 2000 23:60:00", "1 Jan 2000 23:59:60",
            "1 Jan 2000 123:00:00", "1 Jan 20000 00:00:00", "1 Jnu 2000 00:00:00", "100 Jan 2000 00:00:00",
        ] {
            #expect(CookieDate.parse(text) == nil, "\(String(reflecting: text))")
        }
        #expect(CookieDate.parse("29 Feb 2000 00:00:00") != nil)
        #expect(CookieDate.parse("1 Jan 1601 00:00:00") == CookieDate.earliest)
        #expect(CookieDate.parse("31 Dec 9999 23:59:59") == CookieDate.latest)
        #expect(CookieDate.parse("1 Jan 2000 1:2:3") == CookieDate.time(year: 2000, month: 1, day: 1, hour: 1, minute: 2, second: 3))
    }

    @Test func formatIsIMFFixdateAndParsesBack() {
        #expect(CookieDate.format(.zero) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(CookieDate.format(.seconds(784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(CookieDate.format(.seconds(-1)) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(CookieDate.format(CookieDate.earliest) == "Mon, 01 Jan 1601 00:00:00 GMT")
        #expect(CookieDate.format(CookieDate.latest) == "Fri, 31 Dec 9999 23:59:59 GMT")
        #expect(CookieDate.format(.seconds(Int64.max / 2)) == "Fri, 31 Dec 9999 23:59:59 GMT")
        var seconds = CookieDate.earliest.components.seconds
        while seconds <= CookieDate.latest.components.seconds {
            let text = CookieDate.format(.seconds(seconds))
            #expect(CookieDate.parse(text) == .seconds(seconds), "\(seconds) \(text)")
            seconds += 86_400 * 997 + 3_607
        }
    }
}
