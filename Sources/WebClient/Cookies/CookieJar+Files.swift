import Deferred
import Glibc
import Reactor

extension CookieJar {
    /// What loading a cookies file did.
    public struct LoadReport: Sendable, Equatable {
        /// How many cookies were put in the jar.
        public var loaded: Int
        /// How many were left out because they had expired.
        public var expired: Int
        /// The lines that were not cookies (see ``NetscapeCookieFile/decode(_:)``).
        public var problems: [NetscapeCookieFile.LineError]

        /// A report from its parts.
        public init(loaded: Int = 0, expired: Int = 0, problems: [NetscapeCookieFile.LineError] = []) {
            self.loaded = loaded
            self.expired = expired
            self.problems = problems
        }
    }

    /// The jar's cookies in the Netscape `cookies.txt` format (``NetscapeCookieFile``), expired ones left
    /// out; session cookies are written with expiry `0` unless `includeSessionCookies` is false.
    ///
    /// Twisted: `MozillaCookieJar.save(ignore_discard=True)`, without the file.
    public func netscapeFile(includeSessionCookies: Bool = true) -> [UInt8] {
        NetscapeCookieFile.encode(cookies, includeSessionCookies: includeSessionCookies)
    }

    /// Puts the cookies of a Netscape `cookies.txt` file in the jar (``set(_:)`` for each, so a cookie
    /// with the same name, domain and path is replaced); expired ones are left out.
    ///
    /// Twisted: `MozillaCookieJar.load(ignore_discard=True)`, without the file.
    @discardableResult
    public func loadNetscapeFile(_ bytes: some Collection<UInt8>) -> LoadReport {
        merge(NetscapeCookieFile.decode(bytes))
    }

    /// Writes ``netscapeFile(includeSessionCookies:)`` to `path`, from a thread of `threads`' pool (the
    /// reactor thread never waits on the disk).
    ///
    /// The bytes are taken now, on the reactor thread; the file is written to a temporary file beside
    /// `path` (mode 0600: cookies are credentials) and renamed over it, so a reader never sees half a
    /// file.
    ///
    /// - Returns: A Deferred that fires on the reactor thread once the file is in place, or fails with
    ///   ``CookieFileError``.
    ///
    /// Twisted: `FileCookieJar.save(filename)` (which blocks).
    public func save(to path: String, threads: any ReactorThreads, includeSessionCookies: Bool = true) -> Deferred<Void>
    {
        let bytes = netscapeFile(includeSessionCookies: includeSessionCookies)
        return threads.deferToThread { try CookieFileIO.writeAtomically(bytes, to: path) }
    }

    /// Reads a Netscape `cookies.txt` file from a thread of `threads`' pool, then puts its cookies in the
    /// jar on the reactor thread (as ``loadNetscapeFile(_:)``).
    ///
    /// - Returns: A Deferred of what was loaded, or one that fails with ``CookieFileError`` (see
    ///   ``CookieFileError/isNotFound`` for a file that does not exist yet, which curl's `-b` treats as
    ///   no cookies).
    ///
    /// Twisted: `FileCookieJar.load(filename)` (which blocks).
    public func load(from path: String, threads: any ReactorThreads) -> Deferred<LoadReport> {
        threads.deferToThread { NetscapeCookieFile.decode(try CookieFileIO.read(path)) }
            .addCallback { [self] contents in merge(contents) }
    }

    private func merge(_ contents: NetscapeCookieFile.Contents) -> LoadReport {
        var report = LoadReport(problems: contents.problems)
        for cookie in contents.cookies {
            switch try? set(cookie) {
            case .stored?: report.loaded += 1
            case .expired?: report.expired += 1
            case .rejected?, nil: break  // decode already refused what set refuses
            }
        }
        return report
    }
}

/// Reading or writing a cookies file failed.
public struct CookieFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done.
    public enum Operation: String, Sendable {
        /// Opening or reading the file.
        case read
        /// Creating, writing or renaming the file.
        case write
    }

    /// The file.
    public var path: String
    /// What failed.
    public var operation: Operation
    /// The system's error number.
    public var errno: Int32

    /// An error from its parts.
    public init(path: String, operation: Operation, errno: Int32) {
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// Whether the file (or a directory on its path) does not exist.
    public var isNotFound: Bool { errno == ENOENT }

    /// `cannot read cookies file "<path>": <reason>`.
    public var description: String {
        "cannot \(operation.rawValue) cookies file \"\(path)\": \(String(cString: strerror(errno)))"
    }
}

/// Whole-file reads and atomic writes with the system calls (no Foundation); for the thread pool only.
enum CookieFileIO {
    static func read(_ path: String) throws(CookieFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CookieFileError(path: path, operation: .read, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw CookieFileError(path: path, operation: .read, errno: errno) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(CookieFileError) {
        var random = SystemRandomNumberGenerator()
        let temporary = path + ".tmp-" + String(random.next() as UInt64, radix: 36)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CookieFileError(path: path, operation: .write, errno: errno) }
        var failure: Int32 = 0
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                failure = count < 0 ? errno : EIO
                break
            }
            offset += count
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw CookieFileError(path: path, operation: .write, errno: failure)
        }
    }
}
