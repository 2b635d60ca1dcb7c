import Testing

@testable import RoomServer

@Suite("A frame said to a room is made into bytes once")
struct SharedFrameTests {
    @Test("the first writer makes it, every other writer gets the same; another form is made on its own")
    func madeOnce() {
        let frame = SharedFrame(#"{"t":"said","text":"Takk for i dag 🌱"}"#)
        var makings = 0
        let first = frame.made(as: 0) {
            makings += 1
            return [UInt8](frame.text.utf8)
        }
        let second = frame.made(as: 0) {
            makings += 1
            return [UInt8]()
        }
        #expect(first == second)
        #expect(makings == 1)
        let compressed = frame.made(as: 15) {
            makings += 1
            return [UInt8](repeating: 1, count: 3)
        }
        #expect(compressed.count == 3)
        #expect(makings == 2)
    }

    @Test("a test's stream, like a practice member, reads a shared frame as its text")
    func streamReadsText() async {
        let (stream, outbox) = Outbox.makeBounded(limit: 4)
        outbox.yield(.shared(SharedFrame("hei")))
        outbox.finish()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == .frame("hei"))
    }
}
