import Testing

@testable import HTTP2

/// Flow control (RFC 9113 §5.2, §6.9): window arithmetic and its limits, SETTINGS changes, and the
/// receive policy: WINDOW_UPDATE as the consumer reads, so a consumer that pauses stops the sender.
@Suite struct FlowControlTests {
    @Test func sendWindowArithmetic() throws {
        var window = FlowControlWindow(streamID: 1)
        window.consume(65_535)
        #expect(window.available == 0)
        try window.increase(by: 10)
        #expect(window.size == 10)
        // The peer lowers SETTINGS_INITIAL_WINDOW_SIZE by 100: the window goes negative.
        try window.adjust(by: -100)
        #expect(window.size == -90 && window.available == 0)
        try window.increase(by: 100)
        #expect(window.available == 10)
    }

    @Test func overflowIsAFlowControlError() throws {
        var stream = FlowControlWindow(streamID: 3, size: HTTP2Settings.maxWindowSize - 5)
        #expect(throws: HTTP2Error.stream(3, .flowControlError, "")) { try self.normalized { try stream.increase(by: 6) } }
        try stream.increase(by: 5)
        #expect(stream.size == HTTP2Settings.maxWindowSize)

        var connection = FlowControlWindow(streamID: 0)
        #expect(throws: HTTP2Error.connection(.flowControlError, "")) {
            try self.normalized { try connection.increase(by: 0x7FFF_FFFF) }
        }
        // A SETTINGS change that overflows a stream window is a connection error (§6.9.2).
        var full = FlowControlWindow(streamID: 5, size: HTTP2Settings.maxWindowSize)
        #expect(throws: HTTP2Error.connection(.flowControlError, "")) { try self.normalized { try full.adjust(by: 1) } }
    }

    /// Runs `body`, rethrowing an HTTP2Error with its message dropped (so errors compare by code and scope).
    private func normalized(_ body: () throws -> Void) throws {
        do { try body() } catch let error as HTTP2Error { throw HTTP2Error(error.code, error.scope, "") }
    }

    @Test func receivingPastTheWindowIsAFlowControlError() throws {
        var stream = ReceiveWindow(streamID: 7)
        try stream.receive(65_535)
        #expect(throws: HTTP2Error.stream(7, .flowControlError, "")) { try self.normalized { try stream.receive(1) } }
        var connection = ReceiveWindow(streamID: 0)
        #expect(throws: HTTP2Error.connection(.flowControlError, "")) { try self.normalized { try connection.receive(65_536) } }
    }

    /// The consumer reads: updates are batched to half the window and never exceed what was read.
    @Test func updatesFollowTheConsumer() throws {
        var window = ReceiveWindow(streamID: 1)
        try window.receive(16_384)
        try window.receive(16_384)
        // Receiving alone sends nothing.
        #expect(window.size == 65_535 - 32_768 && window.buffered == 32_768)
        #expect(window.consume(16_384) == nil)  // 16,384 owed, threshold 32,767
        #expect(window.consume(16_384) == 32_768)
        #expect(window.size == 65_535 && window.owed == 0 && window.buffered == 0)
    }

    /// A paused consumer holds the sender back: the window drains to zero and stays there; any more
    /// DATA is a violation. When the consumer resumes, updates reopen the window.
    @Test func aPausingConsumerHoldsTheServerBack() throws {
        var stream = ReceiveWindow(streamID: 1)
        var connection = ReceiveWindow(streamID: 0)
        var updates: [(UInt32, UInt32)] = []
        var delivered = 0
        // The server sends 16 KiB frames while the windows allow; the consumer reads the first two and pauses.
        var sent = 0
        while min(stream.size, connection.size) >= 16_384 {
            try connection.receive(16_384)
            try stream.receive(16_384)
            sent += 16_384
            if delivered < 32_768 {
                delivered += 16_384
                if let increment = stream.consume(16_384) { updates.append((1, increment)) }
                if let increment = connection.consume(16_384) { updates.append((0, increment)) }
            }
        }
        // Paused after two frames: 65,535 + 32,768 granted, five frames sent, less than a frame left.
        #expect(sent == 81_920 && stream.size == 16_383 && stream.buffered == 49_152)
        #expect(updates.map(\.0) == [1, 0] && updates.map(\.1) == [32_768, 32_768])
        // More than what is left is a violation of the window.
        #expect(throws: HTTP2Error.self) { var copy = stream; try copy.receive(16_384) }
        // The consumer resumes: reads return window, batched at half the target.
        #expect(stream.consume(32_768) == 32_768)
        #expect(stream.consume(16_384) == nil)
        #expect(stream.size == 49_151 && stream.buffered == 0 && stream.owed == 16_384)
    }

    @Test func ourInitialWindowSizeChanges() throws {
        var window = ReceiveWindow(streamID: 1)
        try window.receive(60_000)
        window.applyInitialWindowSize(1_000)  // lowered: 5,535 - 64,535 < 0
        #expect(window.size == -59_000 && window.target == 1_000)
        #expect(throws: HTTP2Error.self) { var copy = window; try copy.receive(1) }
        // Reading everything brings the peer's window back to the new target, not the old one.
        #expect(window.consume(60_000) == 60_000)
        #expect(window.size == 1_000)
        #expect(throws: HTTP2Error.self) { var copy = window; try copy.receive(1_001) }
        window.applyInitialWindowSize(1 << 20)
        #expect(window.size == 1 << 20)
    }

    @Test func theConnectionWindowCanBeRaised() throws {
        var connection = ReceiveWindow(streamID: 0)
        #expect(connection.setConnectionTarget(1 << 20) == UInt32((1 << 20) - 65_535))
        #expect(connection.size == 1 << 20)
        try connection.receive(600_000)
        #expect(connection.consume(600_000) == 600_000)
        #expect(connection.setConnectionTarget(1 << 20) == nil)
    }

    @Test func paddingIsCreditedAtOnce() throws {
        var window = ReceiveWindow(streamID: 1, initialSize: 100)
        let frame = DataFrame(data: [1, 2, 3][...], padding: 50)
        try window.receive(frame.flowControlledLength)  // 54
        #expect(window.consume(51) == 51)  // the Pad Length field and the padding need no consumer
        #expect(window.buffered == 3)
    }
}
