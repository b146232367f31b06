/// Request methods (RFC 9110 §9): the standard spellings and their properties.
///
/// A method stays a `String` everywhere (any token is a method, compared case-sensitively: `get` is not
/// `GET`); these are the names Torsion uses and the rules that depend on a method.
///
/// Twisted: methods are `bytes` (`b"GET"`); `twisted.web.http` has no method type either.
public enum HTTPMethod {
    /// `GET`.
    public static let get = "GET"
    /// `HEAD`: the response has no body, whatever its framing fields say.
    public static let head = "HEAD"
    /// `POST`.
    public static let post = "POST"
    /// `PUT`.
    public static let put = "PUT"
    /// `DELETE`.
    public static let delete = "DELETE"
    /// `CONNECT`: a 2xx response turns the connection into a tunnel (the server answers 501).
    public static let connect = "CONNECT"
    /// `OPTIONS` (the only method allowed the `*` target).
    public static let options = "OPTIONS"
    /// `TRACE`.
    public static let trace = "TRACE"
    /// `PATCH` (RFC 5789).
    public static let patch = "PATCH"

    /// Whether `method` is idempotent (RFC 9110 §9.2.2): `GET`, `HEAD`, `OPTIONS`, `TRACE`, `PUT`, `DELETE`.
    /// With a replayable or absent body, such a request may be sent again after a connection failed.
    public static func isIdempotent(_ method: String) -> Bool {
        switch method {
        case get, head, options, trace, put, delete: true
        default: false
        }
    }

    /// Whether `method` is safe (RFC 9110 §9.2.1): `GET`, `HEAD`, `OPTIONS`, `TRACE`.
    public static func isSafe(_ method: String) -> Bool {
        switch method {
        case get, head, options, trace: true
        default: false
        }
    }

    /// The method of a request line as a `String`; the common ones are the constants above, so parsing
    /// them allocates nothing.
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch bytes.count {
        case 3 where bytes[0] == 0x47 && bytes[1] == 0x45 && bytes[2] == 0x54: get
        case 3 where bytes[0] == 0x50 && bytes[1] == 0x55 && bytes[2] == 0x54: put
        case 4 where bytes[0] == 0x48 && bytes[1] == 0x45 && bytes[2] == 0x41 && bytes[3] == 0x44: head
        case 4 where bytes[0] == 0x50 && bytes[1] == 0x4F && bytes[2] == 0x53 && bytes[3] == 0x54: post
        default: String(decoding: bytes, as: UTF8.self)
        }
    }
}
