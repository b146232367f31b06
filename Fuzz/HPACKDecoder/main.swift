// libFuzzer target: HTTP2's HPACK decoder (scripts/fuzz.sh runs it as hpack-decoder).
//
// Input: one control byte, then header block bytes. Control bits 0-1 pick the table size (4096,
// 256, 64, 0) and bits 2-3 cut the rest into 1 to 4 blocks decoded in order by one decoder, so
// dynamic-table state carries between blocks. Seeds: real blocks from python hpack and from
// HPACKEncoder (scripts/h2-interop-vectors.py).
//
// Properties:
// - decoding never crashes; every failure is an HPACKError (COMPRESSION_ERROR);
// - decoding into a reused HeaderList gives the same fields as into a fresh one;
// - the dynamic table stays within its capacity, the header list within maxHeaderListSize;
// - differential: whatever decoded is re-encoded by HPACKEncoder, with the same table size and
//   the same size updates, and a fresh decoder decodes it to the same fields, with its dynamic
//   table the same size as the encoder's.
@testable import HTTP2

func blocks(_ bytes: [UInt8], count: Int) -> [[UInt8]] {
    guard count > 1, bytes.count >= count else { return [bytes] }
    let size = bytes.count / count
    return (0..<count).map { index in
        Array(bytes[(index * size)..<(index == count - 1 ? bytes.count : (index + 1) * size)])
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let tableSize = [4096, 256, 64, 0][Int(control & 3)]
    let input = blocks(Array(UnsafeBufferPointer(start: data + 1, count: size - 1)), count: 1 + Int((control >> 2) & 3))

    var decoder = HPACKDecoder(maxTableSize: tableSize, maxHeaderListSize: 16_384, maxStringLength: 4096)
    var shadow = HPACKDecoder(maxTableSize: tableSize, maxHeaderListSize: 16_384, maxStringLength: 4096)
    var reused = HeaderList()
    var decodedBlocks: [HeaderList] = []
    for block in input {
        let fresh: HeaderList
        do {
            fresh = try decoder.decode(block)
        } catch {
            require(error.http2Error.code == .compressionError && error.http2Error.isConnectionError, "\(error)")
            var again = shadow
            reused.removeAll(keepingCapacity: true)
            do {
                try again.decode(block[...], into: &reused)
                fatalError("fuzz invariant failed: the reused-list decode accepted a block the other refused: \(error)")
            } catch let second {
                requireSame(second.kind, error.kind, "error kinds of the two decodes")
            }
            break
        }
        reused.removeAll(keepingCapacity: true)
        do {
            try shadow.decode(block[...], into: &reused)
        } catch {
            fatalError("fuzz invariant failed: the reused-list decode refused a block the other accepted: \(error)")
        }
        requireSame(fresh, reused, "fields decoded into a fresh and a reused list")
        require(decoder.dynamicTableSize <= decoder.dynamicTableCapacity, "table size over capacity")
        require(fresh.listSize <= 16_384 + 0, "header list over its limit")
        decodedBlocks.append(fresh)
    }

    // Differential round trip through the encoder.
    var encoder = HPACKEncoder(peerMaxTableSize: tableSize, preferredMaxTableSize: tableSize, policy: .indexEverything)
    var check = HPACKDecoder(maxTableSize: tableSize, maxHeaderListSize: 1 << 20, maxStringLength: 1 << 20)
    for list in decodedBlocks {
        let block = encoder.encode(list.map { HeaderField(name: $0.name, value: $0.value, indexing: $0.indexing) })
        do {
            let back = try check.decode(block)
            require(back.map { [Array($0.name), Array($0.value)] } == list.map { [Array($0.name), Array($0.value)] },
                "re-encoded fields decode differently")
        } catch {
            fatalError("fuzz invariant failed: HPACKDecoder refused HPACKEncoder's block: \(error)")
        }
        requireSame(check.dynamicTableSize, encoder.dynamicTableSize, "encoder and decoder table sizes")
    }
    return 0
}
