import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The user a house's files belong to.
///
/// An administrator types `sudo roomserver admin …`. Run as root, SQLite would make the database's
/// journal files (`-wal`, `-shm`) and new backups root's, and the server, running as its own user,
/// could then no longer write its own database. So a command run as root on a house owned by another
/// user becomes that user first, before it touches a file. The configuration is read before, as root
/// (``HouseSettings`` keeps what it read), so a file only root can read still works.
enum HouseOwner {
    /// Becomes the owner of `directory` when running as root and the directory is someone else's.
    static func become(ownerOf directory: URL) throws {
        // Whatever a command writes (a database, a copy of one) is its owner's alone, whoever runs it.
        umask(0o077)
        guard geteuid() == 0 else { return }
        var status = stat()
        guard stat(directory.path, &status) == 0, status.st_uid != 0 else { return }
        // Supplementary groups first, then the group, then the user: after setuid, the rest is not allowed.
        guard setgroups(0, nil) == 0, setgid(status.st_gid) == 0, setuid(status.st_uid) == 0 else {
            throw ValidationError("Cannot act as the owner of \(directory.path) (user id \(status.st_uid)).")
        }
    }
}
