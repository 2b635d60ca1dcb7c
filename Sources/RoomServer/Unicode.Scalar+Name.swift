/// What a single code point does in a display name: hide, reorder, or sit on top of the letter before it.
///
/// Shared by ``DisplayName`` (which strips or refuses) and ``NameKey`` (which ignores), so that the two
/// cannot disagree about what counts as invisible.
extension Unicode.Scalar {
    /// Shows nothing, and has no use in a name other than to make two names that look the same differ.
    ///
    /// Unicode's default-ignorable code points (zero-width space, word joiner, soft hyphen, the Hangul
    /// fillers U+115F, U+1160, U+3164 and U+FFA0, the tag characters that can smuggle hidden text, ...)
    /// and a few blank symbols that Unicode does not call ignorable (U+2800 BRAILLE PATTERN BLANK).
    /// Zero-width joiner and non-joiner and the variation selectors are not counted here: emoji and
    /// some scripts (Persian, Indic) need them; ``NameKey`` ignores them instead.
    var hidesInName: Bool {
        if self.joinsOrSelectsPresentation { return false }
        return self.properties.isDefaultIgnorableCodePoint || Self.blanks.contains(self.value)
    }

    /// Zero-width joiner and non-joiner, and the variation selectors.
    var joinsOrSelectsPresentation: Bool {
        switch self.value {
        case 0x200C, 0x200D, 0xFE00...0xFE0F, 0xE0100...0xE01EF: true
        default: false
        }
    }

    /// Shows nothing in any of the uses above, but is ignored when names are compared.
    var isIgnoredInNameKey: Bool {
        self.properties.isDefaultIgnorableCodePoint || Self.blanks.contains(self.value)
    }

    /// Blank glyphs that are not default-ignorable.
    private static let blanks: Set<UInt32> = [
        0x2800,  // BRAILLE PATTERN BLANK
        0x3164,  // HANGUL FILLER (also default-ignorable; listed because it is the best-known trick)
        0x115F,  // HANGUL CHOSEONG FILLER
        0x1160,  // HANGUL JUNGSEONG FILLER
        0xFFA0,  // HALFWIDTH HANGUL FILLER
    ]

    /// Changes the direction of the text around it (LRE, RLO, LRI, PDI, LRM, ALM, ...).
    ///
    /// Refused rather than stripped: in a list of names it can make the next name, or the words
    /// around it, read backwards.
    var isBidiControl: Bool {
        switch self.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// A combining mark: an accent, a vowel sign, an enclosing circle; drawn on or beside the letter before it.
    var isCombiningMark: Bool {
        switch self.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    /// A letter or a digit (or another number), the things a name must have at least one of.
    var isLetterOrNumber: Bool {
        switch self.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        case .decimalNumber, .letterNumber, .otherNumber: true
        default: false
        }
    }
}
