import Testing
@testable import WebClient

@Suite("QueryString and JSONValue")
struct TreqSupportTests {
    @Test(arguments: [
        ("abc-._~XYZ09", "abc-._~XYZ09"),
        ("a b", "a%20b"),
        ("a+b&c=d#e?f/g", "a%2Bb%26c%3Dd%23e%3Ff%2Fg"),
        ("é", "%C3%A9"),
        ("%41", "%2541"),
    ])
    func encodesEverythingButUnreserved(input: String, output: String) {
        #expect(QueryString.encode(input) == output)
    }

    @Test(arguments: [
        ("http://h/p", "http://h/p?a=1&b=2"),
        ("http://h/p?x=0", "http://h/p?x=0&a=1&b=2"),
        ("http://h/p?", "http://h/p?a=1&b=2"),
        ("http://h/p?x=0&", "http://h/p?x=0&a=1&b=2"),
        ("http://h/p#frag", "http://h/p?a=1&b=2#frag"),
    ])
    func appendsBeforeTheFragment(url: String, expected: String) {
        #expect(QueryString.appending([("a", "1"), ("b", "2")], to: url) == expected)
    }

    @Test func noParametersLeaveTheURLAlone() {
        #expect(QueryString.appending([], to: "http://h/p?") == "http://h/p?")
    }

    @Test func jsonRoundTrip() throws {
        let text = #"{"a":[1,2.5,-3e2,true,false,null],"b":{"c":"d\"\\\n\u0001é😀"},"e":[]}"#
        let value = try JSONValue(parsing: text)
        #expect(value["a"]?[1]?.doubleValue == 2.5)
        #expect(value["a"]?[2]?.intValue == -300)
        #expect(value["b"]?["c"]?.stringValue == "d\"\\\n\u{1}é😀")
        #expect(try JSONValue(parsing: value.serialized()) == value)
        #expect(value.serialized() == #"{"a":[1,2.5,-300,true,false,null],"b":{"c":"d\"\\\n\u0001é😀"},"e":[]}"#)
    }

    @Test func jsonEscapesAndSurrogates() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ude00 \u00e9 \/""#) == "😀 é /")
        #expect(try JSONValue(parsing: " \n 42 \t") == 42)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\"}", "01", "1.", "-", "tru", "\"a", "\"\\x\"", "\"\\ud800\"", "[1] 2", "{\"a\":1,}",
        "\"\u{01}\"", "nul",
    ])
    func invalidJSONIsRejected(text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func deepNestingIsRejected() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }
    }

    @Test func nonFiniteNumbersSerializeAsNull() {
        #expect(JSONValue.number(.infinity).serialized() == "null")
        #expect(JSONValue.number(0.1).serialized() == "0.1")
    }
}
