/// One «Jeg har det ikke bra» that still stands: whom it reached, and who answered it with «Jeg ser deg».
///
/// Kept in memory while the person is present, and never stored (docs/ROLES.md, "What is stored"). A new
/// «not well» (after ``Meeting/notWellSeconds``) starts a new one, so each answer is to the latest.
public struct NotWell: Sendable, Equatable {
    /// Only the hosts present were told; otherwise everyone present was.
    public let toHosts: Bool
    /// Who was told: only they may answer, so nobody learns of it from a button they should not have.
    public let told: Set<MemberID>
    /// Who answered, each once: the answers are bounded by those told.
    public internal(set) var seenBy: Set<MemberID> = []
}
