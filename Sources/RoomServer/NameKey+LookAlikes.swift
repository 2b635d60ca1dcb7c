extension NameKey {
    /// What each character looks like, for the key: Unicode's confusables (UTS #39), with small capitals
    /// read as their letter and a few judgement calls (``NameKey/judgementCalls``) on top. Built once.
    static let lookAlikes: [Unicode.Scalar: [Unicode.Scalar]] = {
        var table = Self.confusables
        // A small capital is a capital drawn at the height of a small letter: in a list read without regard
        // to case, "ᴋari" is "Kari". UTS #39 maps some of them elsewhere (ᴋ to ĸ, ᴍ to ʍ), and then the
        // other letters it says look like that prototype (Cyrillic к, Greek κ) are that letter as well.
        for (capital, letter) in Self.smallCapitals {
            if let prototype = table[capital], prototype.count == 1, !prototype[0].isASCII, Self.smallCapitals[prototype[0]] == nil {
                table[prototype[0]] = [letter]
            }
            table[capital] = [letter]
        }
        for (scalar, letter) in Self.judgementCalls { table[scalar] = Array(letter.unicodeScalars) }
        return table
    }()

    /// UTS #39's table (``NameKey/confusablesTable``), read.
    static let confusables: [Unicode.Scalar: [Unicode.Scalar]] = {
        var table: [Unicode.Scalar: [Unicode.Scalar]] = [:]
        for line in Self.confusablesTable.split(separator: "\n") {
            let codes = line.split(separator: " ").compactMap { UInt32($0, radix: 16).flatMap(Unicode.Scalar.init) }
            guard codes.count >= 2 else { continue }
            table[codes[0]] = Array(codes.dropFirst())
        }
        return table
    }()

    /// Unicode's small capitals of the Latin letters (`LATIN LETTER SMALL CAPITAL K`), by their names in
    /// Unicode's data, with the small letter each is a capital of. Looked for in the blocks that hold them.
    static let smallCapitals: [Unicode.Scalar: Unicode.Scalar] = {
        let prefix = "LATIN LETTER SMALL CAPITAL "
        let blocks: [ClosedRange<UInt32>] = [0x0250...0x02AF, 0x1D00...0x1DBF, 0xA720...0xA7FF, 0x10780...0x107BF, 0x1DF00...0x1DFFF]
        var capitals: [Unicode.Scalar: Unicode.Scalar] = [:]
        for code in blocks.joined() {
            guard let scalar = Unicode.Scalar(code), let name = scalar.properties.name, name.hasPrefix(prefix) else { continue }
            let letter = name.dropFirst(prefix.count)
            guard letter.count == 1, let capital = letter.unicodeScalars.first, ("A"..."Z").contains(capital) else { continue }
            capitals[scalar] = Unicode.Scalar(capital.value + 0x20)
        }
        return capitals
    }()

    /// Where this house sees a likeness that UTS #39 does not, written down; each value is already a key.
    ///
    /// - `l` (small L) becomes `i`: capital I and small l are the same stroke in most sans-serif fonts, and
    ///   UTS #39 already makes `I`, `1` and `|` into `l` while case folding makes `I` and `i` one. So
    ///   "Ola" and "Oia" collide; no real pair of Norwegian names is known to be split by that alone.
    /// - `ð` becomes `d`: UTS #39 gives it ∂ with a stroke, a symbol, which a key would drop; "Guðrun" must
    ///   not pass for another name than "Gudrun".
    /// - `ȷ` (dotless j) becomes `j`, and Greek `χ` becomes `x`: letters UTS #39 leaves alone that the key
    ///   made Latin before it used Unicode's table, kept so that no name that was refused is let in now.
    ///
    /// Keys are written as escapes, so this file shows which code point is meant instead of looking like Latin.
    static let judgementCalls: [Unicode.Scalar: String] = [
        "l": "i",
        "\u{00F0}": "d",  // ð
        "\u{0237}": "j",  // ȷ dotless j
        "\u{03C7}": "x",  // χ
    ]
}
