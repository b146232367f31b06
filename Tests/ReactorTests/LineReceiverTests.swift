import Reactor
import ReactorTesting
import Testing

/// Records lines and raw data; "RAW n" switches to raw mode for n bytes.
final class Recorder: LineReceiver {
    var lines: [String] = []
    var raw: [UInt8] = []
    var rawRemaining = 0
    var exceeded: [[UInt8]] = []
    var onLine: ((String) -> Void)?

    override func lineReceived(_ line: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        lines.append(text)
        onLine?(text)
        if text.hasPrefix("RAW "), let count = Int(text.dropFirst(4)) {
            rawRemaining = count
            setRawMode()
        }
    }

    override func rawDataReceived(_ data: [UInt8]) {
        let take = min(rawRemaining, data.count)
        raw.append(contentsOf: data[..<take])
        rawRemaining -= take
        if rawRemaining == 0 {
            setLineMode(extra: Array(data[take...]))
        }
    }

    override func lineLengthExceeded(_ line: [UInt8]) {
        exceeded.append(line)
        super.lineLengthExceeded(line)
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("LineReceiver")
struct LineReceiverTests {
    private func connected(_ receiver: Recorder = Recorder()) -> (Recorder, StringTransport) {
        let transport = StringTransport()
        receiver.makeConnection(transport)
        return (receiver, transport)
    }

    @Test func splitsLinesAcrossReads() {
        let (receiver, _) = connected()
        receiver.dataReceived(bytes("one\r\ntw"))
        receiver.dataReceived(bytes("o\r"))
        #expect(receiver.lines == ["one"])
        receiver.dataReceived(bytes("\nthree\r\n\r\n"))
        #expect(receiver.lines == ["one", "two", "three", ""])
    }

    @Test func byteAtATime() {
        let (receiver, _) = connected()
        for byte in bytes("alpha\r\nbeta\r\n") {
            receiver.dataReceived([byte])
        }
        #expect(receiver.lines == ["alpha", "beta"])
    }

    @Test func bareCarriageReturnIsPartOfTheLine() {
        let (receiver, _) = connected()
        receiver.dataReceived(bytes("a\rb\r\r\n"))
        #expect(receiver.lines == ["a\rb\r"])
    }

    @Test func customDelimiter() {
        let (receiver, _) = connected()
        receiver.delimiter = [10]
        receiver.dataReceived(bytes("HTTP/1.1 200 OK\r\nA: b\n\n"))
        #expect(receiver.lines == ["HTTP/1.1 200 OK\r", "A: b", ""])
    }

    @Test func longLineWithoutDelimiterExceedsTheMaximum() {
        let (receiver, transport) = connected()
        receiver.maxLength = 10
        receiver.dataReceived(bytes("0123456789"))
        receiver.dataReceived(bytes("a"))
        #expect(receiver.exceeded.isEmpty, "up to maxLength + delimiter length - 1 bytes may wait for a delimiter")
        receiver.dataReceived(bytes("b"))
        #expect(receiver.exceeded == [bytes("0123456789ab")])
        #expect(transport.isDisconnecting)
    }

    @Test func completeLineLongerThanTheMaximumExceedsIt() {
        let (receiver, transport) = connected()
        receiver.maxLength = 4
        receiver.dataReceived(bytes("ok\r\ntoolong\r\nrest"))
        #expect(receiver.lines == ["ok"])
        #expect(receiver.exceeded == [bytes("toolong\r\nrest")])
        #expect(transport.isDisconnecting)
    }

    @Test func lineOfExactlyTheMaximumIsAccepted() {
        let (receiver, _) = connected()
        receiver.maxLength = 4
        receiver.dataReceived(bytes("abcd\r\n"))
        #expect(receiver.lines == ["abcd"])
        #expect(receiver.exceeded.isEmpty)
    }

    @Test func rawModeSwitchMidBuffer() {
        let (receiver, _) = connected()
        receiver.dataReceived(bytes("head\r\nRAW 5\r\nab\r\ncdafter\r\nlast\r\n"))
        #expect(receiver.raw == bytes("ab\r\nc"))
        #expect(receiver.lines == ["head", "RAW 5", "dafter", "last"])
    }

    @Test func rawModeAcrossReads() {
        let (receiver, _) = connected()
        receiver.dataReceived(bytes("RAW 6\r\nab"))
        receiver.dataReceived(bytes("cd"))
        receiver.dataReceived(bytes("efgh\r\n"))
        #expect(receiver.raw == bytes("abcdef"))
        #expect(receiver.lines == ["RAW 6", "gh"])
    }

    @Test func clearLineBufferReturnsTheUnprocessedBytes() {
        let (receiver, _) = connected()
        var cleared: [UInt8] = []
        receiver.onLine = { line in
            if line == "stop" { cleared = receiver.clearLineBuffer() }
        }
        receiver.dataReceived(bytes("stop\r\nnot\r\nseen"))
        #expect(receiver.lines == ["stop"])
        #expect(cleared == bytes("not\r\nseen"))
    }

    @Test func processingStopsAfterLoseConnection() {
        let (receiver, _) = connected()
        receiver.onLine = { line in
            if line == "quit" { receiver.transport?.loseConnection() }
        }
        receiver.dataReceived(bytes("quit\r\nignored\r\n"))
        #expect(receiver.lines == ["quit"])
    }

    @Test func pauseBuffersAndResumeProcesses() {
        let (receiver, transport) = connected()
        receiver.onLine = { line in
            if line == "pause" { receiver.pauseProducing() }
        }
        receiver.dataReceived(bytes("pause\r\nlater\r\n"))
        #expect(receiver.lines == ["pause"])
        #expect(transport.producerState == .paused)
        receiver.dataReceived(bytes("more\r\n"))
        #expect(receiver.lines == ["pause"])
        receiver.resumeProducing()
        #expect(receiver.lines == ["pause", "later", "more"])
        #expect(transport.producerState == .producing)
    }

    @Test func reentrantDataIsProcessedInOrder() {
        let (receiver, _) = connected()
        receiver.onLine = { line in
            if line == "inject" { receiver.dataReceived(bytes("injected\r\n")) }
        }
        receiver.dataReceived(bytes("inject\r\nnext\r\n"))
        #expect(receiver.lines == ["inject", "next", "injected"])
    }

    @Test func sendLineAppendsTheDelimiter() {
        let (receiver, transport) = connected()
        receiver.sendLine(bytes("GET / HTTP/1.1"))
        #expect(transport.text == "GET / HTTP/1.1\r\n")
    }

    @Test func manyLinesInManyReads() {
        let (receiver, _) = connected()
        var input: [UInt8] = []
        for index in 0..<5000 {
            input += bytes("line \(index)\r\n")
        }
        var offset = 0
        var size = 1
        while offset < input.count {
            let end = min(input.count, offset + size)
            receiver.dataReceived(Array(input[offset..<end]))
            offset = end
            size = size % 97 + 13
        }
        #expect(receiver.lines.count == 5000)
        #expect(receiver.lines.last == "line 4999")
        #expect(receiver.lines[1234] == "line 1234")
    }
}
