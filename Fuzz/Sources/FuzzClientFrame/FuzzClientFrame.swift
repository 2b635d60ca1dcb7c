import RoomServer

/// One WebSocket text frame, as bytes off the wire (the socket does not check UTF-8: the decoder must cope).
///
/// The socket lets at most 16 KiB through; run with `-max_len=16384`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClientFrame(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    switch ClientFrame.decode(text) {
    case .success(let frame):
        // What the decoder promises the rest of the server.
        precondition((frame.ref?.utf8.count ?? 0) <= 64, "ref longer than 64 bytes got through")
        precondition((frame.id?.utf8.count ?? 0) <= 64, "id longer than 64 bytes got through")
        precondition((frame.m?.utf8.count ?? 0) <= 64, "a member id longer than 64 bytes got through")
    case .failure:
        break
    }
    return 0
}
