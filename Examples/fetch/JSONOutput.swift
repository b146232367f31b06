// The `fetch --json` objects, built with WebClient's `JSONValue` (the library stays Foundation-free).
import WebClient

extension JSONValue {
    /// Header fields as the conformance contract wants them: lowercased names, repeated names as lists.
    static func headers(_ headers: Headers) -> JSONValue {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            values[name.lowercased(), default: []].append(value)
        }
        return .object(values.mapValues { $0.count == 1 ? .string($0[0]) : .array($0.map { .string($0) }) })
    }
}
