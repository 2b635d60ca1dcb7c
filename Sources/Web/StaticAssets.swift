import CompressNIO
import Foundation
import Hummingbird
import RoomServer

/// The browser client's files, read once at start, kept in memory plain and gzipped.
///
/// Each file is served at a content-hashed address, cached for a year (``AssetNames``; the pages name
/// those), and at its plain address, revalidated every time (`no-cache`, ETag, 304). Scripts name the
/// modules they import by their hashed addresses too. A phone on a slow connection gets about a third of
/// the bytes, and a returning one asks for none of them again.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        let contentType: String
        let plain: ByteBuffer
        let gzipped: ByteBuffer?
        let etag: String
        /// At a content-hashed address: never changes.
        let immutable: Bool
    }

    let assets: [String: Asset]
    let names: AssetNames

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
        var files: [String: (type: String, data: Data)] = [:]
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
                files["/\(folder)/\(name)"] = (type, data)
            }
        }
        let (hashed, contents) = Self.hashNames(files.mapValues(\.data))
        var assets: [String: Asset] = [:]
        for (path, file) in files {
            let data = contents[path] ?? file.data
            assets[path] = try Self.asset(type: file.type, data: data, immutable: false)
            if let address = hashed[path] { assets[address] = try Self.asset(type: file.type, data: data, immutable: true) }
        }
        return StaticAssets(assets: assets, names: AssetNames(hashed: hashed))
    }

    private static func asset(type: String, data: Data, immutable: Bool) throws -> Asset {
        let plain = ByteBuffer(bytes: data)
        var gzipped: ByteBuffer?
        if data.count > 512 {
            var input = plain
            let compressed = try input.compress(with: .gzip())
            if compressed.readableBytes < data.count { gzipped = compressed }
        }
        let etag = "\"\(Secret.sha256Hex(data).prefix(16))\""
        return Asset(contentType: type, plain: plain, gzipped: gzipped, etag: etag, immutable: immutable)
    }

    /// Content-hashed addresses for the files, and the scripts' contents with their imports pointing at them.
    ///
    /// A script's hash covers the addresses it imports, so it is named after its imports are: leaves first.
    static func hashNames(_ files: [String: Data]) -> (hashed: [String: String], contents: [String: Data]) {
        var hashed: [String: String] = [:]
        var contents = files
        func address(_ path: String, _ data: Data) -> String {
            let dot = path.lastIndex(of: ".") ?? path.endIndex
            return "\(path[..<dot]).\(Secret.sha256Hex(data).prefix(10))\(path[dot...])"
        }
        for (path, data) in files where !path.hasSuffix(".js") { hashed[path] = address(path, data) }
        var pending = files.keys.filter { $0.hasSuffix(".js") }.sorted()
        while !pending.isEmpty {
            let before = pending.count
            for path in pending {
                let folder = path[...(path.lastIndex(of: "/") ?? path.startIndex)]
                let text = String(decoding: files[path]!, as: UTF8.self)
                let imports = Self.imports(in: text).map { String(folder) + $0 }
                // Not yet: an import still waits for its own address.
                guard imports.allSatisfy({ hashed[$0] != nil || files[$0] == nil }) else { continue }
                var rewritten = text
                for target in Set(imports) {
                    guard let to = hashed[target] else { continue }
                    let name = target[target.index(after: target.lastIndex(of: "/")!)...]
                    let newName = to[to.index(after: to.lastIndex(of: "/")!)...]
                    rewritten = rewritten.replacingOccurrences(of: "from \"./\(name)\"", with: "from \"./\(newName)\"")
                    rewritten = rewritten.replacingOccurrences(of: "import(\"./\(name)\")", with: "import(\"./\(newName)\")")
                }
                let data = Data(rewritten.utf8)
                contents[path] = data
                hashed[path] = address(path, data)
                pending.removeAll { $0 == path }
            }
            // Modules that import each other in a ring keep their plain addresses (ours do not).
            if pending.count == before { break }
        }
        return (hashed, contents)
    }

    /// The files a script imports from its own folder (`from "./meeting.js"`, or when needed: `import("./practice.js")`).
    static func imports(in script: String) -> [String] {
        script.matches(of: /(?:from |import\()"\.\/([A-Za-z0-9_\-]+\.js)"/).map { String($0.output.1) }
    }

    func response(for request: Request) -> Response? {
        guard request.method == .get || request.method == .head, let asset = self.assets[request.uri.path] else { return nil }
        var headers: HTTPFields = [.contentType: asset.contentType, .eTag: asset.etag, .vary: "Accept-Encoding"]
        // A hashed address never changes: a year, never asked again. A plain one: revalidated every time.
        headers[.cacheControl] = asset.immutable ? "public, max-age=31536000, immutable" : "no-cache"
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
