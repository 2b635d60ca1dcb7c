import Foundation
import Moderation

/// The first name or nickname a person picks when they accept an invite.
public enum DisplayName {
    public enum Problem: String, Error, Sendable {
        case empty = "name-empty"
        case tooLong = "name-too-long"
        case invalidCharacters = "name-invalid"
    }

    /// The name as it will be shown, or why it cannot be used.
    public static func validate(_ raw: String) -> Result<String, Problem> {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return .failure(.empty) }
        guard name.count <= Meeting.maxNameLength else { return .failure(.tooLong) }
        let forbidden = CharacterSet.controlCharacters.union(.newlines).union(.illegalCharacters)
        guard name.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else { return .failure(.invalidCharacters) }
        return .success(name)
    }
}
