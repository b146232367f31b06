import DeferredTesting
import Foundation
import ReactorTesting
import Testing

@testable import WebClient

/// Saving and loading jars through the reactor's thread pool (a `MemoryReactorClock` runs the pool's
/// work when told, so the test sees that nothing happens on the reactor thread before it does).
@Suite("CookieJar files")
struct CookieFileTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("torsion-cookies-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the pool's work, then the calls it sent back to the reactor thread.
    func runThreads(_ reactor: MemoryReactorClock) {
        #expect(reactor.runThreadPoolCalls() == 1)
        reactor.drainCallsFromThread()
    }

    @Test func saveThenLoadThroughTheThreadPool() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("cookies.txt").path
        let reactor = MemoryReactorClock()
        let jar = CookieJar(clock: reactor, unixTime: .seconds(1_300_000_000))
        jar.store(setCookies: ["a=1; Max-Age=60", "b=2"], from: try URI("http://h.com/"))

        let saved = jar.save(to: path, threads: reactor)
        try assertNoResult(saved)
        #expect(!FileManager.default.fileExists(atPath: path))
        runThreads(reactor)
        try successResultOf(saved)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(jar.netscapeFile()))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["cookies.txt"])

        let other = CookieJar(clock: reactor, unixTime: .seconds(1_300_000_000))
        let loaded = other.load(from: path, threads: reactor)
        try assertNoResult(loaded)
        runThreads(reactor)
        #expect(try successResultOf(loaded) == CookieJar.LoadReport(loaded: 2))
        #expect(other.cookieHeader(for: try URI("http://h.com/")) == "a=1; b=2")

        // Saving again replaces the file; session cookies can be left out.
        let again = jar.save(to: path, threads: reactor, includeSessionCookies: false)
        runThreads(reactor)
        try successResultOf(again)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\ta\t1\n") && !text.contains("\tb\t"))
    }

    @Test func missingFileAndUnwritablePlaceAreTypedErrors() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reactor = MemoryReactorClock()
        let jar = CookieJar(clock: reactor)
        let missing = directory.appendingPathComponent("none.txt").path
        let loaded = jar.load(from: missing, threads: reactor)
        runThreads(reactor)
        let readError = try failureResultOf(loaded, CookieFileError.self)
        #expect(readError.isNotFound && readError.operation == .read && readError.path == missing)
        #expect(readError.description == "cannot read cookies file \"\(missing)\": No such file or directory")

        let nowhere = directory.appendingPathComponent("no/such/dir/cookies.txt").path
        let saved = jar.save(to: nowhere, threads: reactor)
        runThreads(reactor)
        let writeError = try failureResultOf(saved, CookieFileError.self)
        #expect(writeError.operation == .write && writeError.isNotFound)

        let isDirectory = jar.load(from: directory.path, threads: reactor)
        runThreads(reactor)
        #expect(try failureResultOf(isDirectory, CookieFileError.self).errno == EISDIR)
    }
}
