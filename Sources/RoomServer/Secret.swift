import Crypto
import Foundation

/// A random secret handed out once (invite token, member key), and the hash we keep of it.
///
/// Secrets carry 256 bits from the system's cryptographic generator and are written in
/// URL-safe base64. Only ``hash`` is ever stored: a copy of the database gives no way in.
public struct Secret: Sendable, Hashable {
    public let value: String

    public init(value: String) {
        self.value = value
    }

    /// A new random secret.
    public static func generate() -> Secret {
        Secret(value: randomBase64URL(byteCount: 32))
    }

    /// The SHA-256 of the secret, in lowercase hex: what the database holds.
    public var hash: String {
        Self.sha256Hex(Data(self.value.utf8))
    }

    /// SHA-256 in lowercase hex.
    ///
    /// Every member who comes in has their key hashed: a restart brings 19,000 back at once, and
    /// `String(format:)` for each of 32 bytes was most of the cost of finding a member (docs/PERFORMANCE.md).
    public static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Whether a string has the shape of one of our secrets, so that junk never reaches the database.
    public static func isWellFormed(_ candidate: String) -> Bool {
        candidate.utf8.count == 43
            && candidate.utf8.allSatisfy { $0.isASCIILetterOrDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }
}

extension UInt8 {
    /// A–Z, a–z or 0–9: the characters of our identifiers (and, with - and _, of our secrets).
    var isASCIILetterOrDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
    }
}

/// Random bytes in URL-safe base64 without padding.
func randomBase64URL(byteCount: Int) -> String {
    var generator = SystemRandomNumberGenerator()
    let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    return Data(bytes).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}

/// A short random identifier for rooms, memberships and invites: not secret, but not guessable.
///
/// Letters and digits only (about 95 bits), so an id never starts with "-" and is never taken for
/// a command-line option, and reads out safely on the phone.
func randomIdentifier() -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    var generator = SystemRandomNumberGenerator()
    return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
}
