import Glibc

/// Serves a file, or the files under a directory, read in chunks with flow control.
///
/// A file answers `GET` and `HEAD` (other methods get 405) with `Content-Length`, a `Content-Type`
/// guessed from the extension (or the one given) and a ``FileBodyProducer`` body. A directory is not
/// rendered itself (403); its children are the files and subdirectories below it, reached by
/// traversal. A segment that is empty, `.` or `..`, or holds `/` or NUL after decoding, gives 404, so
/// a request cannot leave the directory. A missing or unreadable file gives 404.
///
/// Use it as a ``Resource`` child or with ``Router/mount(_:_:)``:
/// `router.mount("/static", StaticFile(path: "/srv/www"))`.
///
/// Twisted: `twisted.web.static.File` (without directory listings, ranges or gzip).
public final class StaticFile: Resource {
    /// The file or directory served.
    public let path: String
    /// The `Content-Type` to send; nil guesses from the file name.
    public let contentType: String?

    /// Serves the file or directory at `path`.
    public init(path: String, contentType: String? = nil) {
        self.path = path
        self.contentType = contentType
    }

    /// A file under this directory, for a safe segment.
    public override func getChild(_ segment: String, request: ServerRequest) -> Resource? {
        guard !segment.isEmpty, segment != ".", segment != "..", !segment.utf8.contains(0x2F),
            !segment.utf8.contains(0)
        else { return nil }
        return StaticFile(path: path.hasSuffix("/") ? path + segment : path + "/" + segment)
    }

    /// The file as a streamed response; 403 for a directory, 404 when missing, 405 for other methods.
    public override func render(_ request: ServerRequest) throws -> any HandlerResultConvertible {
        guard request.method == "GET" || request.isHead else {
            var response = ServerResponse.error(405)
            response.headers.add(name: "Allow", value: "GET, HEAD")
            return response
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return ServerResponse.notFound }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return ServerResponse.notFound
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            return ServerResponse.error(403)
        }
        let producer = FileBodyProducer(descriptor: descriptor, length: Int(info.st_size))
        return ServerResponse.stream(producer, contentType: contentType ?? Self.guessContentType(path))
    }

    /// The media type for a file name's extension (a small built-in table), or
    /// `application/octet-stream`.
    ///
    /// Twisted: `static.File.contentTypes` (from `mimetypes`).
    public static func guessContentType(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else {
            return "application/octet-stream"
        }
        switch name[name.index(after: dot)...].lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "wasm": return "application/wasm"
        case "gz": return "application/gzip"
        default: return "application/octet-stream"
        }
    }
}
