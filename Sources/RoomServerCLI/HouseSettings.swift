import ArgumentParser
import Foundation
import Synchronization
import Web

/// A house's settings, from one file read by `serve` and every `admin` command, the environment, and flags.
///
/// A flag wins over the environment (`ROOMSERVER_PUBLIC_URL` for `public-url`), which wins over the file,
/// which wins over the default. The file is `--config PATH`, or `ROOMSERVER_CONFIG`, or
/// `/etc/roomserver/roomserver.conf` if it exists: `key = value` lines, `#` comments. docs/OPERATIONS.md
/// lists every setting.
struct HouseSettings {
    static let defaultPath = "/etc/roomserver/roomserver.conf"
    static let keys: Set<String> = [
        "data", "public-url", "host", "port", "public-dir", "log-level", "trust-proxy", "compression", "max-connections",
        "help-line", "help-line-nn", "help-line-en", "backup-dir", "backup-keep", "practice-meetings", "time-zone",
    ]
    /// A help line is one short sentence or two: longer is a mistake in the file.
    static let maxHelpLineLength = 300

    /// The file's values, and where they came from.
    let file: [String: String]
    let path: String?
    let environment: [String: String]

    /// Files already read in this process: a command run as root reads its file once, before it becomes
    /// the house's user (``HouseOwner``), who may not be allowed to read it.
    private static let read = Mutex<[String: [String: String]]>([:])

    static func load(path flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HouseSettings {
        let path = flag ?? environment["ROOMSERVER_CONFIG"] ?? (FileManager.default.fileExists(atPath: Self.defaultPath) ? Self.defaultPath : nil)
        guard let path else { return HouseSettings(file: [:], path: nil, environment: environment) }
        if let known = Self.read.withLock({ $0[path] }) { return HouseSettings(file: known, path: path, environment: environment) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("Cannot read the configuration file \(path).")
        }
        let file = try Self.parse(String(decoding: data, as: UTF8.self), path: path)
        Self.read.withLock { $0[path] = file }
        return HouseSettings(file: file, path: path, environment: environment)
    }

    static func parse(_ text: String, path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw ValidationError("\(path), line \(number + 1): expected `key = value`.")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard Self.keys.contains(key) else {
                throw ValidationError("\(path), line \(number + 1): unknown setting `\(key)`. Known: \(Self.keys.sorted().joined(separator: ", ")).")
            }
            values[key] = value
        }
        return values
    }

    /// A setting: the flag's value, else the environment's, else the file's.
    func value(_ key: String, flag: String? = nil) -> String? {
        if let flag { return flag }
        let variable = "ROOMSERVER_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
        if let fromEnvironment = self.environment[variable], !fromEnvironment.isEmpty { return fromEnvironment }
        return self.file[key]
    }

    /// The house's own acute-help line: `help-line` in every language, `help-line-nn` and `help-line-en`
    /// where those differ. Empty when the locale files' words stand.
    func helpLine() throws -> [Language: String] {
        var lines: [Language: String] = [:]
        if let all = self.value("help-line") {
            for language in Language.allCases { lines[language] = all }
        }
        for language in [Language.nn, .en] {
            if let own = self.value("help-line-\(language.rawValue)") { lines[language] = own }
        }
        for line in lines.values where line.isEmpty || line.count > Self.maxHelpLineLength {
            throw ValidationError("help-line must be 1 to \(Self.maxHelpLineLength) characters.")
        }
        return lines
    }

    /// A yes/no setting ("true", "yes", "1" or "on"), where a flag can only say yes.
    func flag(_ key: String, flag: Bool) -> Bool {
        if flag { return true }
        guard let value = self.value(key) else { return false }
        return ["true", "yes", "1", "on"].contains(value.lowercased())
    }
}
