import CTorsionCompression
import ContentCoding
import Glibc
import Testing

@Suite("System libraries: loaded at run time, each on its own; a missing one is a typed error")
struct LibraryTests {
    @Test func everyLibraryLoadsOnThisMachine() {
        for library in CompressionLibrary.allCases {
            #expect(library.isAvailable, "\(library)")
            #expect(library.unavailableReason == nil)
            #expect(library.version?.first == "1", "\(library)")
        }
        #expect(CompressionLibrary.zlib.fileName == "libz.so.1")
        #expect(CompressionLibrary.brotliDecoder.fileName == "libbrotlidec.so.1")
        #expect(CompressionLibrary.zstd.environmentVariable == "TORSION_LIBZSTD")
        #expect(HTTPContentCoding.decodable == HTTPContentCoding.allCases)
        #expect(HTTPContentCoding.encodable == HTTPContentCoding.allCases)
        #expect(HTTPContentCoding.acceptEncoding() == "gzip, deflate, br, zstd")
        #expect(HTTPContentCoding.acceptEncoding([]) == nil)
    }

    @Test func tokensAreCaseInsensitive() {
        #expect(HTTPContentCoding(token: "GZIP") == .gzip)
        #expect(HTTPContentCoding(token: "X-Gzip") == .gzip)
        #expect(HTTPContentCoding(token: "Br") == .brotli)
        #expect(HTTPContentCoding(token: "zStd") == .zstd)
        #expect(HTTPContentCoding(token: "DEFLATE") == .deflate)
        #expect(HTTPContentCoding(token: "identity") == nil)
        #expect(HTTPContentCoding(token: "brotli") == nil)
        #expect(HTTPContentCoding(token: " gzip") == nil)
        #expect(HTTPContentCoding.brotli.token == "br")
    }

    /// The layout the shim declares for zlib's z_stream and zstd's buffers, as zlib.h (1.2.13) and zstd.h
    /// (1.5) define them on 64-bit Linux. zlib checks sizeof(z_stream) itself at every init too.
    @Test func sharedStructuresHaveTheLibrariesLayout() {
        let layout = ctc_abi_layout()
        #expect(layout.z_stream_size == 112)
        let offsets = [
            layout.z_next_in, layout.z_avail_in, layout.z_total_in, layout.z_next_out, layout.z_avail_out,
            layout.z_total_out, layout.z_msg, layout.z_state, layout.z_zalloc, layout.z_zfree, layout.z_opaque,
            layout.z_data_type, layout.z_adler, layout.z_reserved,
        ]
        #expect(offsets == Array(stride(from: 0, through: 104, by: 8)))
        #expect(layout.zstd_in_buffer_size == 24)
        #expect(layout.zstd_out_buffer_size == 24)
        #expect(layout.zstd_in_pos == 16)
        #expect(layout.zstd_out_pos == 16)
    }

    @Test func missingZlibDisablesGzipAndDeflateOnly() async {
        await #expect(processExitsWith: .success) {
            setenv("TORSION_LIBZ", "/nonexistent/libz.so.1", 1)
            guard !CompressionLibrary.zlib.isAvailable, CompressionLibrary.zlib.version == nil else { exit(1) }
            guard CompressionLibrary.zlib.unavailableReason?.contains("cannot load /nonexistent/libz.so.1") == true
            else { exit(2) }
            for coding in [HTTPContentCoding.gzip, .deflate] {
                do throws(ContentCodingError) {
                    _ = try coding.makeDecoder()
                    exit(3)
                } catch {
                    guard error.kind == .libraryUnavailable, error.coding == coding,
                        error.libraryFile == "/nonexistent/libz.so.1", error.message.contains("No such file")
                    else { exit(4) }
                }
            }
            do throws(ContentCodingError) {
                _ = try GzipEncoder()
                exit(5)
            } catch {
                guard error.kind == .libraryUnavailable else { exit(6) }
            }
            guard HTTPContentCoding.decodable == [.brotli, .zstd], HTTPContentCoding.acceptEncoding() == "br, zstd"
            else { exit(7) }
            guard ContentDecodingPlan(contentEncoding: "gzip, br").remainingTokens == ["gzip"] else { exit(8) }
            // The other libraries still work.
            let plain = Array("still works".utf8)
            guard (try? BrotliDecoder().decodeAll(BrotliEncoder().encodeAll(plain))) == plain,
                (try? ZstdDecoder().decodeAll(ZstdEncoder().encodeAll(plain))) == plain
            else { exit(9) }
            exit(0)
        }
    }

    @Test func missingBrotliDecoderOrEncoderIsReportedSeparately() async {
        await #expect(processExitsWith: .success) {
            setenv("TORSION_LIBBROTLIDEC", "/nonexistent/libbrotlidec.so.1", 1)
            do throws(ContentCodingError) {
                _ = try BrotliDecoder()
                exit(1)
            } catch {
                guard error.kind == .libraryUnavailable, error.coding == .brotli,
                    error.libraryFile == "/nonexistent/libbrotlidec.so.1"
                else { exit(2) }
            }
            guard !HTTPContentCoding.brotli.isDecodingAvailable, HTTPContentCoding.brotli.isEncodingAvailable,
                HTTPContentCoding.decodable == [.gzip, .deflate, .zstd]
            else { exit(3) }
            guard (try? BrotliEncoder().encodeAll([1, 2, 3]))?.isEmpty == false else { exit(4) }
            exit(0)
        }
        await #expect(processExitsWith: .success) {
            setenv("TORSION_LIBBROTLIENC", "/nonexistent/libbrotlienc.so.1", 1)
            guard HTTPContentCoding.brotli.isDecodingAvailable, !HTTPContentCoding.brotli.isEncodingAvailable,
                HTTPContentCoding.encodable == [.gzip, .deflate, .zstd], HTTPContentCoding.decodable.count == 4
            else { exit(1) }
            do throws(ContentCodingError) {
                _ = try BrotliEncoder()
                exit(2)
            } catch {
                guard error.kind == .libraryUnavailable, error.libraryFile == "/nonexistent/libbrotlienc.so.1"
                else { exit(3) }
            }
            exit(0)
        }
    }

    /// A file that loads but lacks the functions (here zlib in zstd's place) is refused by name, not
    /// crashed on.
    @Test func aLibraryWithoutTheFunctionsIsRefused() async {
        await #expect(processExitsWith: .success) {
            setenv("TORSION_LIBZSTD", "libz.so.1", 1)
            guard let reason = CompressionLibrary.zstd.unavailableReason,
                reason == "libz.so.1 lacks ZSTD_versionNumber"
            else { exit(1) }
            do throws(ContentCodingError) {
                _ = try ZstdDecoder()
                exit(2)
            } catch {
                guard error.kind == .libraryUnavailable, error.message == "libz.so.1 lacks ZSTD_versionNumber",
                    "\(error)".contains("zstd:")
                else { exit(3) }
            }
            guard (try? GzipDecoder()) != nil else { exit(4) }
            exit(0)
        }
    }
}
