import Foundation
import Testing

@testable import RoomServer

@Suite("Secrets and their hashes")
struct SecretTests {
    @Test("a key's hash is SHA-256 in lowercase hex, byte for byte what every stored hash was made with")
    func hashIsLowercaseHex() {
        // FIPS 180-2's own example: a changed spelling would lock every member out of their room.
        #expect(Secret.sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secret.sha256Hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let secret = Secret.generate()
        #expect(secret.hash.count == 64)
        #expect(secret.hash == secret.hash.lowercased())
    }
}
