import Glibc
import Reactor
import WebClient

/// The demo's printed text: the report and the terminal progress line.
enum DemoOutput {
    /// The report's lines.
    static func reportLines(_ report: DemoReport) -> [String] {
        let statuses = report.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let failures = report.failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let load = report.afterLoad
        let pause = report.afterPause
        var lines = [
            "requests      \(report.requests) GETs of \(report.url), \(report.concurrency) at a time",
            "responses     \(report.responses)" + (statuses.isEmpty ? "" : "  (\(statuses.joined(separator: ", ")))"),
            "failures      \(report.requests - report.responses)"
                + (failures.isEmpty ? "" : "  (\(failures.joined(separator: ", ")))"),
            "connections   \(load.opened) opened, \(load.reused) reuses, \(load.retried) retries"
                + (load.lost > 0 ? ", \(load.lost) closed by the server" : ""),
            "idle closes   \(pause.idleClosed) of \(load.opened) connections by their timers during a "
                + "\(seconds(report.idlePause)) s pause (\(pause.idle) still idle)",
        ]
        if let p50 = report.p50, let p99 = report.p99 {
            lines.append("latency       p50 \(milliseconds(p50)) ms, p99 \(milliseconds(p99)) ms")
        }
        lines.append(
            "throughput    \(fixed(report.requestsPerSecond, digits: 0)) requests/s "
                + "(\(report.responses) in \(seconds(report.elapsed)) s, \(mebibytes(report.bodyBytes)) MiB of bodies)")
        return lines
    }

    /// The progress line for `workload` right now (without the leading `\r`).
    static func progressLine(_ workload: DemoWorkload) -> String {
        let counters = workload.pool.counters
        switch workload.phase {
        case .notStarted, .load:
            let failed = workload.failed > 0 ? ", \(workload.failed) failed" : ""
            return "  \(workload.answered)/\(workload.requests) responses, \(counters.opened) connections\(failed)"
        case .idlePause, .done:
            return "  waiting \(seconds(workload.idlePause)) s for the idle timers: "
                + "\(counters.idleClosed) closed, \(counters.idle) idle"
        }
    }

    /// `duration` in milliseconds with two decimals.
    static func milliseconds(_ duration: Duration) -> String {
        fixed(duration.secondsValue * 1000, digits: 2)
    }

    /// `duration` in seconds with two decimals.
    static func seconds(_ duration: Duration) -> String {
        fixed(duration.secondsValue, digits: 2)
    }

    /// `bytes` in MiB with one decimal.
    static func mebibytes(_ bytes: Int) -> String {
        fixed(Double(bytes) / 1_048_576, digits: 1)
    }

    /// `value` (not negative) rounded to `digits` decimals, without Foundation.
    static func fixed(_ value: Double, digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        guard value.isFinite, value >= 0, value < Double(Int.max / scale / 2) else { return "\(value)" }
        let scaled = Int((value * Double(scale)).rounded())
        if digits == 0 { return "\(scaled)" }
        let fraction = String(scaled % scale)
        return "\(scaled / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }
}

/// Rewrites one progress line on a terminal (`\r`, then the line, then an erase to its end), ten times a
/// second, from a ``LoopingCall`` on the reactor.
///
/// Threading: not Sendable; reactor thread only.
final class ProgressLine {
    private let loop: LoopingCall

    /// A progress line for `workload`, updated with `reactor`'s clock.
    init(reactor: any ReactorTime, workload: DemoWorkload) {
        loop = LoopingCall(clock: reactor) { [unowned workload] in
            ProgressLine.write("\r" + DemoOutput.progressLine(workload) + "\u{1B}[K")
        }
    }

    /// Whether standard output is a terminal (the only place the progress line goes).
    static var standardOutputIsTerminal: Bool { isatty(1) == 1 }

    /// Starts updating the line, at once and then every 100 ms.
    func start() {
        loop.start(.milliseconds(100))
    }

    /// Stops updating and erases the line.
    func stop() {
        if loop.isRunning { loop.stop() }
        Self.write("\r\u{1B}[K")
    }

    /// Writes `text` to standard output at once (unbuffered, so it is not held back behind `print`).
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(1, bytes.baseAddress, bytes.count) }
    }
}

@available(*, unavailable)
extension ProgressLine: Sendable {}

extension ProgressLine {
    /// Writes `text` to standard error.
    static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}
