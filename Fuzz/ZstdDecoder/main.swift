// libFuzzer target zstd-decoder: ContentCoding's ZstdDecoder over arbitrary splits of valid and corrupt
// streams, and round trips through the encoder (scripts/fuzz.sh runs it; the input format and the
// properties checked are in Fuzz/CodecSupport/DecoderFuzzing.swift).
import ContentCoding

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    fuzzDecoder(.zstd, UnsafeBufferPointer(start: data, count: size))
    return 0
}
