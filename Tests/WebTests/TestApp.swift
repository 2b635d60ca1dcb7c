import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RoomServer
import Web

/// A real house on a random port with a fresh data directory, as the tests use it.
struct TestApp {
    let configuration: HouseConfiguration
    let services: HouseServices
    let logger = Logger(label: "test")

    init() throws {
        var configuration = HouseConfiguration()
        configuration.port = 0
        configuration.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("roomserver-web-\(UUID().uuidString)")
        configuration.publicDirectory = Self.publicDirectory
        self.configuration = configuration
        self.services = try HouseServices(configuration: configuration, logger: self.logger)
    }

    var house: House { self.services.house }

    static let publicDirectory =
        URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Public").path
    static let localesDirectory = publicDirectory + "/locales"

    func run(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: self.configuration.dataDirectory) }
        let app = buildApplication(configuration: self.configuration, services: self.services, logger: self.logger)
        try await app.test(.live, test)
    }
}

extension TestResponse {
    var text: String { String(buffer: self.body) }
}

func form(_ fields: String) -> (HTTPFields, ByteBuffer) {
    ([.contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: fields))
}
