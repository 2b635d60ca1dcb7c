import CompressNIO
import HTTPTypes
import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// permessage-deflate (RFC 7692) without a zlib stream per connection.
///
/// The library's extension keeps a compressor and a decompressor for every socket, about 100 KiB each
/// connection even when nothing is said (docs/PERFORMANCE.md). This one always answers with
/// `server_no_context_takeover` and `client_no_context_takeover`, which RFC 7692 lets a server impose:
/// every message is then compressed on its own, so no stream has to outlive a message. Streams are lent
/// from a shared `DeflatePool` for one message and given back reset; a quiet connection holds none.
/// A chat message is small and rarely repeats the last one, so the kept window would win little.
struct SharedDeflateBuilder: WebSocketExtensionBuilder {
    static let name = "permessage-deflate"

    let pool: DeflatePool
    /// Largest message after inflating: the same bound as a plain frame, so a small bomb stays small.
    let maxInflatedBytes: Int

    func clientRequestHeader() -> String {
        "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    }

    func serverReponseHeader(to request: WebSocketExtensionHTTPParameters) -> String? {
        guard let window = Self.serverWindow(request) else { return nil }
        var header = "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
        // Said back when the client asked for a smaller window. (No client_max_window_bits: the house inflates
        // with the largest window, which reads any smaller one, and it may not be sent unasked.)
        if request.parameters["server_max_window_bits"] != nil { header += "; server_max_window_bits=\(window)" }
        return header
    }

    func serverExtension(from request: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
        guard let window = Self.serverWindow(request) else { return nil }
        return SharedDeflate(pool: self.pool, window: window, maxInflatedBytes: self.maxInflatedBytes)
    }

    /// The extension the library made for a connection from this request, made again the same way, so the
    /// room can compress the frames it writes straight to the socket (SocketOutbox).
    func negotiated(_ request: HTTPFields) -> SharedDeflate? {
        (try? self.serverExtension(from: WebSocketExtensionHTTPParameters.parseHeaders(request))) as? SharedDeflate
    }

    /// Only the server side is built here.
    func clientExtension(from response: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? { nil }

    /// The window the server may compress with: the client's `server_max_window_bits` if it gave one,
    /// else the largest. Declined (the client may then have its next offer, or no compression): an offer of
    /// 8 (zlib cannot make a raw stream with a 256-byte window), a window out of range, or a parameter this
    /// extension does not know (RFC 7692, 7).
    private static func serverWindow(_ request: WebSocketExtensionHTTPParameters) -> Int32? {
        let known: Set = ["server_no_context_takeover", "client_no_context_takeover", "server_max_window_bits", "client_max_window_bits"]
        guard request.parameters.keys.allSatisfy(known.contains) else { return nil }
        if let client = request.parameters["client_max_window_bits"], client != .null {
            guard let bits = client.integer, (8...15).contains(bits) else { return nil }
        }
        guard let asked = request.parameters["server_max_window_bits"] else { return 15 }
        guard let bits = asked.integer, (9...15).contains(bits) else { return nil }
        return Int32(bits)
    }
}

/// One connection's permessage-deflate: holds a stream only while a message is on its way.
struct SharedDeflate: WebSocketExtension {
    let name = "permessage-deflate"
    let pool: DeflatePool
    let window: Int32
    let maxInflatedBytes: Int
    private let state = NIOLockedValueBox(State())

    /// Frames below this are sent as they are: deflate would only add bytes.
    static let smallestToCompress = 16

    // The streams in it are only touched with the lock held.
    private struct State: @unchecked Sendable {
        /// The stream of a message that comes (or goes) in several frames, until its last one.
        var inflating: ZlibDecompressor?
        /// A message that came uncompressed in several frames: its continuations are left alone.
        var receivingPlain = false
        var deflating: ZlibCompressor?
        /// A frame could not be inflated: the connection is closing (1011), and nothing more is read.
        var broken = false
    }

    init(pool: DeflatePool, window: Int32, maxInflatedBytes: Int) {
        self.pool = pool
        self.window = window
        self.maxInflatedBytes = maxInflatedBytes
    }

    var reservedBits: WebSocketFrame.ReservedBits { .rsv1 }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        // Control frames may come between the frames of a message; they are never compressed.
        guard [.text, .binary, .continuation].contains(frame.opcode) else { return frame }
        return try self.state.withLockedValue { state in
            guard !state.broken else { throw CompressNIOError.corruptData }
            // Only a message's first frame may say it is compressed (RFC 7692, 6.1).
            if frame.opcode == .continuation, frame.rsv1 {
                state.broken = true
                throw CompressNIOError.corruptData
            }
            if frame.opcode != .continuation {
                // A new message: whatever a half-finished one held is dropped, not lent again.
                state.inflating = nil
                state.receivingPlain = false
            }
            if state.inflating == nil, !state.receivingPlain {
                if frame.rsv1 {
                    state.inflating = try self.pool.lendInflater()
                } else {
                    state.receivingPlain = !frame.fin
                    return frame
                }
            }
            guard let inflater = state.inflating else {
                if frame.fin { state.receivingPlain = false }
                return frame
            }
            var frame = frame
            var data = frame.unmaskedData
            // The four bytes the sender took off the end of the message (RFC 7692, 7.2.2).
            if frame.fin { data.writeBytes([0, 0, 0xFF, 0xFF]) }
            do {
                // One byte over the bound to tell "exactly the bound" (allowed, as for a plain frame) from more.
                frame.data = try data.decompressStream(with: inflater, maxSize: self.maxInflatedBytes + 1, allocator: ByteBufferAllocator())
                if frame.data.readableBytes > self.maxInflatedBytes { throw CompressNIOError.bufferOverflow }
            } catch {
                // A broken or too-large stream is not lent again, and the connection reads no more.
                state.inflating = nil
                state.broken = true
                throw error
            }
            frame.maskKey = nil
            frame.rsv1 = false
            if frame.fin {
                state.inflating = nil
                self.pool.giveBack(inflater)
            }
            return frame
        }
    }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
        try self.deflated(frame)
    }

    /// A frame as it goes on the wire: compressed when it is data and long enough. Not async, so the room
    /// socket can write straight from the room (SocketOutbox).
    func deflated(_ frame: WebSocketFrame) throws -> WebSocketFrame {
        guard [.text, .binary, .continuation].contains(frame.opcode) else { return frame }
        return try self.state.withLockedValue { state in
            // A new message never continues a stream a half-sent one left (the library sends whole frames).
            if frame.opcode != .continuation { state.deflating = nil }
            if state.deflating == nil {
                if frame.fin, frame.data.readableBytes < Self.smallestToCompress { return frame }
                state.deflating = try self.pool.lendDeflater(window: self.window)
            }
            guard let deflater = state.deflating else { return frame }
            var frame = frame
            let first = frame.opcode != .continuation
            var data = frame.data
            do {
                data = try data.compressStream(with: deflater, flush: .sync, allocator: ByteBufferAllocator())
            } catch {
                state.deflating = nil
                throw error
            }
            if frame.fin {
                // Without the four bytes a sync flush ends with (RFC 7692, 7.2.1).
                data = data.getSlice(at: data.readerIndex, length: max(0, data.readableBytes - 4)) ?? data
                state.deflating = nil
                self.pool.giveBack(deflater, window: self.window)
            }
            frame.data = data
            frame.rsv1 = first
            return frame
        }
    }

    func shutdown() async {
        // A message cut off half way: its streams are dropped, not lent again in an unknown state. (The
        // library does not call this today; the streams go with the connection's extension either way.)
        self.state.withLockedValue { state in
            state.inflating = nil
            state.deflating = nil
        }
    }
}

/// The house's zlib streams, lent one message at a time. A few are kept between messages; a burst that
/// needs more makes them and lets them go after. Each is reset before it goes back on the shelf.
final class DeflatePool: @unchecked Sendable {
    // The lock guards the shelves; a stream off the shelf belongs to the one message that borrowed it.
    private let lock = NIOLock()
    private var inflaters: [ZlibDecompressor] = []
    private var deflaters: [Int32: [ZlibCompressor]] = [:]
    /// Streams of each kind kept between messages.
    let keep: Int

    init(keep: Int = 8) {
        self.keep = keep
    }

    func lendInflater() throws -> ZlibDecompressor {
        if let shelved = self.lock.withLock({ self.inflaters.popLast() }) { return shelved }
        return try ZlibDecompressor(algorithm: .deflate, windowSize: 15)
    }

    func lendDeflater(window: Int32) throws -> ZlibCompressor {
        if let shelved = self.lock.withLock({ self.deflaters[window]?.popLast() }) { return shelved }
        // A small hash (memory level 2): a chat message is short, and every message resets it, which for the
        // default level means clearing 64 KiB each time.
        return try ZlibCompressor(algorithm: .deflate, configuration: .init(windowSize: window, compressionLevel: 6, memoryLevel: 2))
    }

    func giveBack(_ inflater: ZlibDecompressor) {
        guard (try? inflater.reset()) != nil else { return }
        self.lock.withLock {
            if self.inflaters.count < self.keep { self.inflaters.append(inflater) }
        }
    }

    func giveBack(_ deflater: ZlibCompressor, window: Int32) {
        guard (try? deflater.reset()) != nil else { return }
        self.lock.withLock {
            if self.deflaters[window, default: []].count < self.keep { self.deflaters[window, default: []].append(deflater) }
        }
    }
}
