import Foundation
import RoomServer

/// A real house on a real SQLite file in a fresh temporary directory.
struct TestHouse {
    let directory: URL
    let house: House

    init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("roomserver-test-\(UUID().uuidString)")
        self.house = try House.open(directory: self.directory)
    }

    func remove() {
        try? FileManager.default.removeItem(at: self.directory)
    }

    /// Every byte of every file under the data directory.
    func allBytes() throws -> Data {
        var data = Data()
        let files = FileManager.default.enumerator(at: self.directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            if let contents = FileManager.default.contents(atPath: file.path) { data.append(contents) }
        }
        return data
    }
}
