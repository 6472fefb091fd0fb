import CZlib

/// zlib streams (RFC 1950): the HC1 container compresses its COSE message with it, and PNG
/// images their pixels.
public enum Zlib {
    /// Why bytes could not be inflated.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// Not a zlib stream, or a corrupt one (zlib's own message).
        case corrupt(String)
        /// The stream ends before its end marker.
        case truncated
        /// The inflated data would pass the limit (a decompression bomb).
        case tooLarge(limit: Int)
        /// Bytes follow the end of the stream.
        case trailingBytes(Int)

        public var description: String {
            switch self {
            case .corrupt(let reason): "The zlib data is corrupt: \(reason)"
            case .truncated: "The zlib data ends before the end of its stream"
            case .tooLarge(let limit): "The zlib data inflates to more than \(limit) bytes"
            case .trailingBytes(let count): "\(count) bytes follow the end of the zlib stream"
            }
        }
    }

    /// `bytes` compressed at `level` (0–9; 9 is what the DCC reference implementations use).
    ///
    /// Up to 4 KiB (every certificate) at level 9, `FixedDeflate` compresses: zlib's own set-up
    /// and tree building cost more than compressing a few hundred bytes, and for such input zlib
    /// ends up with the same fixed codes. Larger input goes to zlib. Either way the output is a
    /// standard zlib stream.
    public static func deflate(_ bytes: [UInt8], level: Int32 = 9) -> [UInt8] {
        if bytes.count <= FixedDeflate.smallInput, level == 9 { return FixedDeflate.compress(bytes) }
        var capacity = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &capacity, source.baseAddress, uLong(source.count), level)
            }
        }
        precondition(status == Z_OK, "compress2 cannot fail with a buffer of compressBound bytes")
        out.removeSubrange(Int(capacity)...)
        return out
    }

    /// Inflates one zlib stream, stopping with `.tooLarge` as soon as the output would pass
    /// `limit` bytes, so that a few hundred bytes cannot claim gigabytes.
    public static func inflate(_ bytes: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt("zlib could not start") }
        defer { inflateEnd(&stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(max(limit, 1), 16_384) + 1)
        var input = bytes
        return try input.withUnsafeMutableBufferPointer { source throws(Failure) -> [UInt8] in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (status, target.count - Int(stream.avail_out))
                }
                guard out.count + produced <= limit else { throw .tooLarge(limit: limit) }
                out += chunk[0..<produced]
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in > 0 { throw .trailingBytes(Int(stream.avail_in)) }
                    return out
                case Z_OK: continue
                case Z_BUF_ERROR: throw .truncated
                default:
                    throw .corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
                }
            }
        }
    }

    /// The CRC-32 of ISO 3309 / ITU-T V.42, as PNG chunks carry it (zlib's `crc32`).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { CZlib.crc32(0, $0.baseAddress, uInt($0.count)) })
    }
}
