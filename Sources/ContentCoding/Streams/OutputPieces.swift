/// The storage of output pieces: each piece is written in place by the library, straight into the array
/// handed to the caller, so output is never copied.
///
/// When a step writes nothing (the library only took header bytes or input it could not use yet), the
/// storage is kept for the next step instead of being thrown away: the only allocation per piece is the
/// piece itself.
struct OutputPieces {
    /// Empty, possibly with capacity left from a step that wrote nothing.
    private var spare: [UInt8] = []

    /// Gives `write` at most `capacity` bytes of uninitialised storage; `write` returns how many bytes it
    /// initialised from the start. Returns those bytes as a new array, or an empty array without storage when
    /// `write` wrote none (the storage stays here for the next call).
    mutating func fill(capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> [UInt8] {
        var piece = self.spare
        self.spare = []
        piece.append(addingCapacity: capacity) { span in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                let room = UnsafeMutableBufferPointer(rebasing: buffer[..<min(buffer.count, capacity)])
                initialized = write(room)
            }
        }
        guard !piece.isEmpty else {
            self.spare = piece
            return []
        }
        return piece
    }

    /// Keeps `piece`'s storage for the next `fill` after emptying it (a piece cut to nothing by a limit).
    mutating func recycle(_ piece: consuming [UInt8]) {
        piece.removeAll(keepingCapacity: true)
        self.spare = piece
    }
}
