// libFuzzer target: HTTPCore's HTTP-date parser (the three forms of RFC 9110 §5.6.7) and the Retry-After
// field it backs (scripts/fuzz.sh runs it).
//
// Input: one flags byte (bit 0: the next 8 bytes are a reference time, big-endian seconds, for two-digit
// years), then the field value (bytes read as ISO-8859-1, as Headers stores them).
//
// Properties:
// - nothing traps on any input;
// - an accepted date lies in the years 0000 to 9999, its IMF-fixdate is 29 bytes and parses back to the
//   same second, and an IMF-fixdate input with the right day name is reproduced exactly;
// - an RFC 850 date's year lies within 50 years after the reference and 49 before it (RFC 9110's rule),
//   where that window fits in the years 0 to 9999;
// - a Retry-After of delay-seconds is all digits, its value is the digits' (or Int64.max), and a delay is
//   never negative.
@testable import HTTPCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let flags = input.first else { return 0 }
    var rest = input.dropFirst()
    var reference: HTTPDate?
    if flags & 1 != 0 {
        guard rest.count >= 8 else { return 0 }
        var seconds: Int64 = 0
        for byte in rest.prefix(8) { seconds = seconds << 8 | Int64(byte) }
        // Keep the reference in the years an HTTP-date can write.
        seconds = HTTPDate.range.lowerBound + Int64(UInt64(bitPattern: seconds) % UInt64(HTTPDate.range.count))
        reference = HTTPDate(secondsSince1970: seconds)
        rest = rest.dropFirst(8)
    }
    let text = Latin1.decode(rest)

    if let date = HTTPDate(text, reference: reference) {
        require(HTTPDate.range.contains(date.secondsSince1970), "\(text) parsed outside the years 0000-9999")
        let formatted = date.imfFixdate
        require(formatted.utf8.count == 29, "IMF-fixdate \(formatted) is not 29 bytes")
        require(HTTPDate(formatted) == date, "\(formatted) does not parse back to \(date.secondsSince1970)")
        let bytes = Array(rest)
        if bytes.count == 29, bytes[3] == 0x2C, bytes.prefix(3).elementsEqual(formatted.utf8.prefix(3)) {
            // Same day name: the input was canonical unless it had a leap second.
            require(text == formatted || bytes[23] == 0x36, "IMF-fixdate \(text) reformatted as \(formatted)")
        }
        if bytes.count >= 8, bytes[3] != 0x2C, bytes[3] != 0x20 {
            let year = HTTPDate.civil(fromDays: HTTPDate.floorDivide(date.secondsSince1970, 86_400).quotient).year
            if let reference {
                let referenceYear = HTTPDate.civil(
                    fromDays: HTTPDate.floorDivide(reference.secondsSince1970, 86_400).quotient
                ).year
                // Within 50 years after the reference and 49 before it, where that window fits in 0...9999.
                let window = (referenceYear - 49)...(referenceYear + 50)
                let fits = window.lowerBound >= 0 && window.upperBound <= 9999
                require(
                    year >= 0 && year <= 9999 && (!fits || window.contains(year)), "RFC 850 year \(year) vs \(referenceYear)")
            } else {
                require(year >= 1970 && year <= 2069, "RFC 850 year \(year) without a reference")
            }
        }
    }

    if let retryAfter = RetryAfter(text, reference: reference) {
        let now = reference ?? HTTPDate(secondsSince1970: 0)
        require(retryAfter.delay(now: now) >= 0, "a negative delay for \(text)")
        if case .seconds(let seconds) = retryAfter {
            require(!rest.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, "delay-seconds \(text) has a non-digit")
            let digits = text.drop { $0 == "0" }
            if let exact = Int64(digits.isEmpty ? "0" : String(digits)) {
                require(seconds == exact, "delay-seconds \(text) read as \(seconds)")
            } else {
                require(seconds == .max, "an overlong delay-seconds \(text) did not saturate")
            }
        }
    }
    return 0
}
