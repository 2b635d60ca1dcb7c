extension NameKey {
    /// Letters and digits that pass for a Latin letter in the fonts phones use, and the letter they pass for.
    ///
    /// Deliberately small: Cyrillic and Greek letters that look like Latin ones (the usual way to fake a
    /// name), a few Latin letters that no decomposition takes apart (ø, ł, ı, æ), and the digits and
    /// letters that stand in for each other in a sans-serif font. Unicode's full confusables list has
    /// thousands of entries, most of them between scripts nobody here would mix. Every value is already
    /// a key (lower case, only letters), so the table can be applied twice.
    ///
    /// Judgement calls, written down:
    /// - `l` (small L), `I` (capital i), `1` and `|`-like letters all become `i`: capital I and small l are
    ///   the same stroke in most sans-serif fonts, and case folding already makes `I` and `i` one. So "Ola"
    ///   and "Oia" collide; no real pair of Norwegian names is known to be split by that alone.
    /// - `0` becomes `o`: "0la" must not pass for "Ola". Other digits stay digits.
    /// - Norwegian ø becomes o, and æ becomes ae, like å becomes a by losing its ring: "Bjørn"/"Bjorn" and
    ///   "Pål"/"Pal" look alike on a small screen. The cost is a second person adding an initial.
    /// - Sequences that look like one letter ("rn" and "m", "vv" and "w", "cl" and "d") are left out: they
    ///   would merge real names ("Arne" and "Ame") and need more than a table of single letters.
    ///
    /// Keys are written as escapes, so this file shows which code point is meant instead of looking like Latin.
    static let lookAlikes: [Unicode.Scalar: String] = [
        // Latin, and digits
        "l": "i",
        "\u{0131}": "i",  // ı dotless i
        "\u{0142}": "i",  // ł l with stroke (an l, which becomes i)
        "\u{0141}": "i",  // Ł
        "\u{01C0}": "i",  // ǀ dental click, a letter that is a vertical bar
        "\u{0269}": "i",  // ɩ iota
        "\u{0268}": "i",  // ɨ i with stroke
        "\u{0237}": "j",  // ȷ dotless j
        "\u{0251}": "a",  // ɑ alpha
        "\u{0261}": "g",  // ɡ script g
        "\u{00F8}": "o",  // ø
        "\u{00D8}": "o",  // Ø
        "\u{00E6}": "ae",  // æ
        "\u{00C6}": "ae",  // Æ
        "\u{0153}": "oe",  // œ
        "\u{0152}": "oe",  // Œ
        "\u{0111}": "d",  // đ
        "\u{0110}": "d",  // Đ
        "\u{00F0}": "d",  // ð
        "\u{00D0}": "d",  // Ð
        "\u{0127}": "h",  // ħ
        "\u{0167}": "t",  // ŧ
        "\u{0180}": "b",  // ƀ
        "0": "o",
        "1": "i",

        // Cyrillic: capitals that look like Latin capitals, small letters that look like Latin small letters
        "\u{0410}": "a", "\u{0430}": "a",  // А а
        "\u{0412}": "b", "\u{0432}": "b",  // В в (small в is a small capital B)
        "\u{0421}": "c", "\u{0441}": "c",  // С с
        "\u{0415}": "e", "\u{0435}": "e",  // Е е
        "\u{041D}": "h", "\u{043D}": "h",  // Н н
        "\u{04BA}": "h", "\u{04BB}": "h",  // Һ һ
        "\u{0406}": "i", "\u{0456}": "i",  // І і
        "\u{04C0}": "i", "\u{04CF}": "i",  // Ӏ ӏ palochka
        "\u{0408}": "j", "\u{0458}": "j",  // Ј ј
        "\u{041A}": "k", "\u{043A}": "k",  // К к
        "\u{041C}": "m", "\u{043C}": "m",  // М м
        "\u{041E}": "o", "\u{043E}": "o",  // О о
        "\u{0420}": "p", "\u{0440}": "p",  // Р р
        "\u{0405}": "s", "\u{0455}": "s",  // Ѕ ѕ
        "\u{0422}": "t", "\u{0442}": "t",  // Т т
        "\u{0425}": "x", "\u{0445}": "x",  // Х х
        "\u{0423}": "y", "\u{0443}": "y",  // У у
        "\u{04AE}": "y", "\u{04AF}": "y",  // Ү ү
        "\u{0500}": "d", "\u{0501}": "d",  // Ԁ ԁ
        "\u{051A}": "q", "\u{051B}": "q",  // Ԛ ԛ
        "\u{051C}": "w", "\u{051D}": "w",  // Ԝ ԝ

        // Greek: capitals that look like Latin capitals, and the small letters that look like Latin ones
        "\u{0391}": "a", "\u{03B1}": "a",  // Α α
        "\u{0392}": "b",  // Β
        "\u{0395}": "e",  // Ε
        "\u{0396}": "z",  // Ζ
        "\u{0397}": "h",  // Η
        "\u{0399}": "i", "\u{03B9}": "i",  // Ι ι
        "\u{039A}": "k", "\u{03BA}": "k",  // Κ κ
        "\u{039C}": "m",  // Μ
        "\u{039D}": "n", "\u{03BD}": "v",  // Ν ν
        "\u{039F}": "o", "\u{03BF}": "o",  // Ο ο
        "\u{03A1}": "p", "\u{03C1}": "p",  // Ρ ρ
        "\u{03A4}": "t",  // Τ
        "\u{03A5}": "y", "\u{03C5}": "u",  // Υ υ
        "\u{03A7}": "x", "\u{03C7}": "x",  // Χ χ
        "\u{03F9}": "c", "\u{03F2}": "c",  // Ϲ ϲ lunate sigma
        "\u{037F}": "j", "\u{03F3}": "j",  // Ϳ ϳ
    ]
}
