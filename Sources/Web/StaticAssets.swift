import CompressNIO
import Foundation
import Hummingbird
import RoomServer

/// The browser client's files, read once at start, kept in memory plain and gzipped.
///
/// A phone on a slow connection gets about a third of the bytes, and a returning one gets
/// 304 Not Modified for each file (ETag), since every response says `Cache-Control: no-cache`.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let plain: ByteBuffer
        let gzipped: ByteBuffer?
        let etag: String
    }

    let assets: [String: Asset]

    static let contentTypes = [
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "svg": "image/svg+xml",
        "png": "image/png",
        "txt": "text/plain; charset=utf-8",
    ]

    /// Loads every file in `folders` (relative to the public directory) with a known type.
    static func load(publicDirectory: String, folders: [String] = ["app", "locales"]) throws -> StaticAssets {
        var assets: [String: Asset] = [:]
        for folder in folders {
            let directory = URL(fileURLWithPath: publicDirectory).appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
                let fileExtension = URL(fileURLWithPath: name).pathExtension
                guard let type = Self.contentTypes[fileExtension],
                    var data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                else { continue }
                if fileExtension == "js" || fileExtension == "css" {
                    data = Data(SlimSource.slim(String(decoding: data, as: UTF8.self)).utf8)
                }
                let plain = ByteBuffer(bytes: data)
                var gzipped: ByteBuffer?
                if data.count > 512 {
                    var input = plain
                    let compressed = try input.compress(with: .gzip())
                    if compressed.readableBytes < data.count { gzipped = compressed }
                }
                let etag = "\"\(Secret.sha256Hex(data).prefix(16))\""
                assets["/\(folder)/\(name)"] = Asset(contentType: type, plain: plain, gzipped: gzipped, etag: etag)
            }
        }
        return StaticAssets(assets: assets)
    }

    func response(for request: Request) -> Response? {
        guard request.method == .get || request.method == .head, let asset = self.assets[request.uri.path] else { return nil }
        var headers: HTTPFields = [.contentType: asset.contentType, .eTag: asset.etag, .vary: "Accept-Encoding"]
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        var body = asset.plain
        if let gzipped = asset.gzipped, acceptsGzip(request) {
            body = gzipped
            headers[.contentEncoding] = "gzip"
        }
        headers[.contentLength] = "\(body.readableBytes)"
        return Response(status: .ok, headers: headers, body: request.method == .head ? .init() : .init(byteBuffer: body))
    }
}

/// Whether the client takes gzip (and has not refused it with q=0).
func acceptsGzip(_ request: Request) -> Bool {
    guard let header = request.headers[.acceptEncoding]?.lowercased() else { return false }
    return header.split(separator: ",").contains { part in
        let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        return pieces.first == "gzip" && !pieces.dropFirst().contains("q=0")
    }
}

/// Serves ``StaticAssets`` before routing.
struct StaticAssetsMiddleware<Context: RequestContext>: RouterMiddleware {
    let assets: StaticAssets

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let response = self.assets.response(for: request) { return response }
        return try await next(request, context)
    }
}
