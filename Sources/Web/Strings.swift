import Foundation

/// Every word the house shows, read from Public/locales/*.json at start.
///
/// The browser client reads the same files, so a text is written in one place only.
public struct Strings: Sendable {
    let tables: [Language: [String: String]]

    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case incomplete(Language, [String])

        public var description: String {
            switch self {
            case .missing(let path): "locale file missing or not a JSON object of strings: \(path)"
            case .incomplete(let language, let keys): "locale \(language.rawValue) lacks keys: \(keys.joined(separator: ", "))"
            }
        }
    }

    /// Loads all languages and checks that each has every key bokmål has.
    public static func load(localesDirectory: String) throws -> Strings {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = "\(localesDirectory)/\(language.rawValue).json"
            guard let data = FileManager.default.contents(atPath: path),
                let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { throw LoadError.missing(path) }
            tables[language] = table
        }
        let reference = Set(tables[.default]!.keys)
        for (language, table) in tables {
            let missing = reference.subtracting(table.keys).sorted()
            if !missing.isEmpty { throw LoadError.incomplete(language, missing) }
        }
        return Strings(tables: tables)
    }

    /// The same strings with `key` replaced in the languages given: a house's own words for one line
    /// (its acute-help line, from the configuration) without editing the locale files.
    public func replacing(_ key: String, with texts: [Language: String]) -> Strings {
        var tables = self.tables
        for (language, text) in texts { tables[language]?[key] = text }
        return Strings(tables: tables)
    }

    /// The text for `key` in `language`, with `{name}` placeholders filled in.
    public func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        var text = self.tables[language]?[key] ?? self.tables[.default]?[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The strings a page's script needs (keys with one of the prefixes), as JSON.
    /// `except`: prefixes left out; `exceptKeys`: single keys left out.
    func json(prefixes: [String], except: [String] = [], exceptKeys: Set<String> = [], _ language: Language) -> String {
        let table = (self.tables[language] ?? [:]).filter { entry in
            prefixes.contains { entry.key.hasPrefix($0) } && !except.contains { entry.key.hasPrefix($0) } && !exceptKeys.contains(entry.key)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(table)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

extension Strings {
    /// The whole HTTP response for a connection over the server's cap, in bokmål and English.
    ///
    /// Written as raw bytes before any HTTP handling is set up, so it is built once, at start.
    func busyResponse() -> String { self.unavailableResponse("error.busy") }

    /// The same for a connection that comes while the house is stopping (a restart): told so, not "busy".
    func restartingResponse() -> String { self.unavailableResponse("error.restarting") }

    /// A page small enough to write before any request is read, and readable on a phone: as plain text a
    /// phone drew it in tiny letters at desktop width, whatever text size the person had chosen.
    private func unavailableResponse(_ key: String) -> String {
        let (nb, en) = (HTML.escape(self.text(key, .nb)), HTML.escape(self.text(key, .en)))
        let body = """
            <!doctype html><html lang="nb"><meta charset="utf-8">\
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>\(nb)</title>\
            <p>\(nb)</p><p lang="en">\(en)</p></html>

            """
        return [
            "HTTP/1.1 503 Service Unavailable",
            "Content-Type: text/html; charset=utf-8",
            // Nothing to load, nothing to run: a page with no security headers of its own is still safe.
            "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: no-referrer",
            "X-Frame-Options: DENY",
            "Retry-After: 10",
            "Cache-Control: no-store",
            "Connection: close",
            "Content-Length: \(body.utf8.count)",
            "",
            body,
        ].joined(separator: "\r\n")
    }
}
