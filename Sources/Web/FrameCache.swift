import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// The frames last made for the room sockets, so that a message said to a room of ten is turned into
/// bytes (and compressed) once, not once for each person who hears it.
///
/// A room hands the same string to every connection, one after the other; the first connection's
/// outbox makes the frame and the others find it here. Frames are never changed once made, so one
/// buffer can go out on every socket. Holds a few frames, whatever they were: what is said is gone from
/// here as soon as a few more frames have been made, and it is never written anywhere.
final class FrameCache: Sendable {
    private let recent: NIOLockedValueBox<Recent>

    private struct Recent {
        var frames: [(text: String, window: Int32, frame: WebSocketFrame)] = []
        var next = 0
    }

    /// How many frames are kept: enough for rooms speaking at the same moment on other threads.
    let size: Int

    init(size: Int = 8) {
        self.size = max(1, size)
        self.recent = NIOLockedValueBox(Recent())
    }

    /// The text frame for `text`, compressed by `deflate` if the connection negotiated it.
    func frame(_ text: String, allocator: ByteBufferAllocator, deflate: SharedDeflate?) -> WebSocketFrame {
        // Window 0 stands for "not compressed".
        let window = deflate?.window ?? 0
        let found = self.recent.withLockedValue { recent in
            // The same string object compares in a step; another one of the same length is told apart at
            // its first differing byte.
            recent.frames.first { $0.window == window && $0.text == text }?.frame
        }
        if let found { return found }
        var frame = WebSocketFrame(fin: true, opcode: .text, data: allocator.buffer(string: text))
        if let deflate {
            // A frame that will not compress goes as it is: permessage-deflate allows a plain message.
            frame = (try? deflate.deflated(frame)) ?? frame
        }
        self.recent.withLockedValue { recent in
            if recent.frames.count < self.size {
                recent.frames.append((text, window, frame))
            } else {
                recent.frames[recent.next] = (text, window, frame)
            }
            recent.next = (recent.next + 1) % self.size
        }
        return frame
    }
}
