/// Standard reason phrases and pre-built status lines.
public enum HTTPStatus {
    /// The RFC 9110 reason phrase for `code` (`"OK"`, `"Not Found"`), or `"Unknown"`.
    ///
    /// Twisted: `twisted.web.http.RESPONSES`.
    public static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 203: "Non-Authoritative Information"
        case 204: "No Content"
        case 205: "Reset Content"
        case 206: "Partial Content"
        case 300: "Multiple Choices"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 416: "Range Not Satisfiable"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }

    /// `HTTP/1.1 <code> <phrase>\r\n` for the codes a benchmark path sees, built once.
    static let commonStatusLines: [Int: [UInt8]] = {
        var lines: [Int: [UInt8]] = [:]
        for code in [200, 201, 204, 301, 302, 304, 400, 404, 405, 500] {
            lines[code] = buildStatusLine(code, reasonPhrase(code))
        }
        return lines
    }()

    /// `HTTP/1.1 <code> <reason>\r\n`.
    static func buildStatusLine(_ code: Int, _ reason: String) -> [UInt8] {
        var line = Array("HTTP/1.1 ".utf8)
        line.append(contentsOf: String(code).utf8)
        line.append(0x20)
        line.append(contentsOf: reason.utf8)
        line.append(0x0D)
        line.append(0x0A)
        return line
    }
}
