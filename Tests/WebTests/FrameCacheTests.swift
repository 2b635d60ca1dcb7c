import NIOCore
import NIOWebSocket
import Testing

@testable import Web

@Suite("The frames a room says to many are made once")
struct FrameCacheTests {
    private let allocator = ByteBufferAllocator()
    private let said = #"{"t":"said","from":"m1","text":"Det går bedre denne uka, takk for sist. 🌱"}"#

    private func address(_ frame: WebSocketFrame) -> UnsafeRawPointer? {
        frame.data.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test("the same text gets the same bytes for everyone; another text, or another window, its own")
    func sameTextSameBytes() throws {
        let cache = FrameCache()
        let first = cache.frame(self.said, allocator: self.allocator, deflate: nil)
        let second = cache.frame(String(self.said), allocator: self.allocator, deflate: nil)
        #expect(first.data == ByteBuffer(string: self.said))
        #expect(self.address(first) == self.address(second))
        let other = cache.frame(self.said + " ", allocator: self.allocator, deflate: nil)
        #expect(self.address(other) != self.address(first))

        let deflate = SharedDeflate(pool: DeflatePool(), window: 15, maxInflatedBytes: 16_384)
        let compressed = cache.frame(self.said, allocator: self.allocator, deflate: deflate)
        #expect(compressed.rsv1)
        #expect(self.address(cache.frame(self.said, allocator: self.allocator, deflate: deflate)) == self.address(compressed))
        let smaller = SharedDeflate(pool: DeflatePool(), window: 10, maxInflatedBytes: 16_384)
        #expect(self.address(cache.frame(self.said, allocator: self.allocator, deflate: smaller)) != self.address(compressed))
    }

    @Test("it holds only its few last frames: what was said is gone from it once a few more are made")
    func holdsOnlyTheLastFew() throws {
        let cache = FrameCache(size: 4)
        let first = cache.frame(self.said, allocator: self.allocator, deflate: nil)
        for n in 0..<4 { _ = cache.frame("\(n)", allocator: self.allocator, deflate: nil) }
        #expect(self.address(cache.frame(self.said, allocator: self.allocator, deflate: nil)) != self.address(first))
    }
}
