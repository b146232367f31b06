import Foundation
import Testing

/// The module rules of docs/architecture.md, checked on the sources: the server builds on HTTPCore and
/// never imports the client, and no production module imports a testing product.
@Suite("Module layout")
struct LayoutTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every `import` line of every Swift file under `Sources/<module>`, as (file, module imported).
    static func imports(in module: String) throws -> [(file: String, module: String)] {
        let root = sources.appendingPathComponent(module)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { continue }
                guard words[..<index].allSatisfy({ $0.hasPrefix("@") }) else { continue }
                found.append((url.lastPathComponent, String(words[index + 1])))
            }
        }
        return found
    }

    @Test func theServerDoesNotImportTheClient() throws {
        let server = try Self.imports(in: "WebServer")
        #expect(!server.isEmpty)
        #expect(server.filter { $0.module == "WebClient" }.map(\.file) == [])
        #expect(server.contains { $0.module == "HTTPCore" })
    }

    @Test func httpCoreImportsOnlyDeferredAndReactor() throws {
        let allowed: Set = ["Deferred", "Reactor", "Glibc", "Musl", "Darwin"]
        let core = try Self.imports(in: "HTTPCore")
        #expect(core.filter { !allowed.contains($0.module) }.map { "\($0.file): \($0.module)" } == [])
    }

    @Test(arguments: ["Deferred", "Reactor", "HTTPCore", "TLS", "WebClient", "WebServer", "FaultInjection"])
    func productionModulesDoNotImportTestingProducts(module: String) throws {
        let testing: Set = ["DeferredTesting", "ReactorTesting", "TLSTesting", "WebClientTesting", "Testing", "XCTest"]
        let imports = try Self.imports(in: module)
        #expect(!imports.isEmpty)
        #expect(imports.filter { testing.contains($0.module) }.map { "\($0.file): \($0.module)" } == [])
    }
}
