import Foundation
import Moderation

/// The first name or nickname a person picks when they accept an invite.
///
/// A name must show: at least one letter or digit that is not invisible, no tower of accents, no
/// characters that hide or turn text around. What cannot be seen anyway (zero-width spaces, blank
/// fillers) is taken out rather than refused, so a name pasted from somewhere still works; what would
/// change the text around it (bidi controls, control characters) is refused.
/// Whether a name looks too much like another in the same room is ``NameKey``'s and the house's business.
public enum DisplayName {
    public enum Problem: String, Error, Sendable, CaseIterable {
        case empty = "name-empty"
        case tooLong = "name-too-long"
        case invalidCharacters = "name-invalid"
        /// Nothing that shows: only blank fillers, marks or symbols, no letter or digit.
        case invisible = "name-invisible"
        /// Too many accents or other combining marks stacked on one letter, or in the whole name.
        case marks = "name-marks"
        /// Someone in the room already has a name that looks the same (see ``NameKey``).
        case taken = "name-taken"
    }

    /// At most this many UTF-8 bytes besides at most ``Meeting/maxNameLength`` characters:
    /// a character can be a long cluster of code points, and the name goes to everyone in the room.
    public static let maxBytes = 160
    /// Marks on one character: Vietnamese needs two, Hebrew with vowels and cantillation three.
    public static let maxMarksPerCharacter = 4
    /// Marks in the whole name: an Indic name of 40 characters has far fewer.
    public static let maxMarks = 32
    /// Input longer than this is refused before anything else is looked at (the form's body is 4 KiB).
    static let maxInputBytes = 4096

    /// The name as it will be shown, or why it cannot be used.
    ///
    /// The name shown is trimmed, has runs of spaces made into one space, hidden characters taken out,
    /// and is in Unicode's composed form (NFC), so the same name is stored the same way however it was typed.
    public static func validate(_ raw: String) -> Result<String, Problem> {
        Self.validate(raw, maxLength: Meeting.maxNameLength, maxBytes: Self.maxBytes)
    }

    /// The same rules for another kind of name (a room's), with its own length.
    public static func validate(_ raw: String, maxLength: Int, maxBytes: Int) -> Result<String, Problem> {
        guard raw.utf8.count <= Self.maxInputBytes else { return .failure(.tooLong) }
        // Unicode's White_Space, not Foundation's: that one counts a zero-width space as a space, and
        // a name of zero-width spaces is not empty but invisible.
        let scalars = raw.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return .failure(.empty) }
        let trimmed = scalars[first...last]
        guard !trimmed.contains(where: Self.isRefused) else { return .failure(.invalidCharacters) }
        let visible = Self.withoutHiddenCharacters(trimmed)
        guard !visible.isEmpty else { return .failure(.invisible) }
        guard Self.marksAreFew(visible) else { return .failure(.marks) }
        let name = visible.precomposedStringWithCanonicalMapping
        guard name.count <= maxLength, name.utf8.count <= maxBytes else { return .failure(.tooLong) }
        // A letter or digit of its own, and one that shows: a name of symbols that only look like letters
        // ("|||", which UTS #39 reads as "lll") has none, and neither has one of letters that look like
        // punctuation ("ǃ", a click letter that is an exclamation mark to the eye).
        guard name.unicodeScalars.contains(where: \.isLetterOrNumber), NameKey(name).hasLetterOrNumber else { return .failure(.invisible) }
        return .success(name)
    }

    /// Characters that change the text around them, or are not text: refused rather than taken out.
    ///
    /// Control characters (a line break inside a name), bidi controls, code points that are not
    /// characters, and format characters that show something (Arabic number signs, interlinear
    /// annotation). Format characters that show nothing are taken out instead (``withoutHiddenCharacters(_:)``).
    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isBidiControl || Self.illegal.contains(scalar) { return true }
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .surrogate: return true
        case .format: return !scalar.hidesInName && !scalar.joinsOrSelectsPresentation
        default: return false
        }
    }

    private static let illegal = CharacterSet.illegalCharacters

    /// The name without code points that show nothing, with each run of spaces made one plain space, trimmed.
    private static func withoutHiddenCharacters(_ name: Substring.UnicodeScalarView) -> String {
        var kept = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name {
            if scalar.hidesInName { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace && !kept.isEmpty { kept.append(" ") }
            pendingSpace = false
            kept.append(scalar)
        }
        return String(kept)
    }

    /// Whether no character carries more than a few marks, and the name not many in all.
    ///
    /// Counted as typed, before the marks are composed into letters: composing first would sort a tower
    /// of hundreds of marks, and a tower is refused anyway.
    private static func marksAreFew(_ name: String) -> Bool {
        var total = 0
        for character in name {
            var marks = 0
            for scalar in character.unicodeScalars where scalar.isCombiningMark {
                marks += 1
                total += 1
                if marks > Self.maxMarksPerCharacter || total > Self.maxMarks { return false }
            }
        }
        return true
    }
}
