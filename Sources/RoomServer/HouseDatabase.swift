import Foundation
import GRDB

/// Opens the house's SQLite database and brings its schema up to date.
///
/// Migrations never change once shipped: add a new one instead.
enum HouseDatabase {
    /// How long a write waits for the lock another process (the admin command line) holds.
    static let busyMilliseconds = 5000

    static func open(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        // The admin command line may write while the server runs: wait for the lock rather than fail.
        configuration.busyMode = .timeout(Double(busyMilliseconds) / 1000)
        configuration.prepareDatabase { db in
            // Deleted rows (a removed member's name, a used invite) are overwritten, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: rooms, memberships, invites") { db in
            try db.create(table: "room") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "membership") { t in
                t.primaryKey("id", .text)
                t.column("roomId", .text).notNull().indexed().references("room", onDelete: .cascade)
                t.column("keyHash", .text).notNull().unique()
                t.column("displayName", .text).notNull()
                t.column("role", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("pledgeAcceptedAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
            }
            try db.create(table: "invite") { t in
                t.primaryKey("id", .text)
                t.column("roomId", .text).notNull().indexed().references("room", onDelete: .cascade)
                t.column("tokenHash", .text).notNull().unique()
                t.column("role", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
                t.column("revokedAt", .datetime)
            }
        }
        migrator.registerMigration("v2: a meeting plan per room") { db in
            try db.alter(table: "room") { t in
                t.add(column: "planMinutes", .integer).notNull().defaults(to: 120)
                t.add(column: "breakMinutes", .integer).notNull().defaults(to: 15)
                t.add(column: "cueMinutes", .integer).notNull().defaults(to: 3)
                t.add(column: "talkDuringBreak", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v3: a look-alike key for display names") { db in
            try db.alter(table: "membership") { t in
                t.add(column: "nameKey", .text).notNull().defaults(to: "")
            }
            // The key's rules (Unicode normalisation, a table of look-alike letters) are Swift, not SQL.
            // Rows are read in full before any is changed: SQLite does not promise what a cursor sees
            // of a table that is updated under it. A house has hundreds of memberships, not millions.
            let rows = try Row.fetchAll(db, sql: "SELECT id, displayName FROM membership")
            for row in rows {
                let name: String = row["displayName"]
                let id: String = row["id"]
                try db.execute(sql: "UPDATE membership SET nameKey = ? WHERE id = ?", arguments: [NameKey(name).value, id])
            }
            // Not unique: a room may already hold two look-alike names from before this migration.
            try db.create(index: "membership_on_roomId_nameKey", on: "membership", columns: ["roomId", "nameKey"])
        }
        migrator.registerMigration("v4: a host's own note on an invite") { db in
            try db.alter(table: "invite") { t in
                t.add(column: "label", .text)
            }
        }
        migrator.registerMigration("v5: a self-organised room") { db in
            try db.alter(table: "room") { t in
                t.add(column: "selfOrganised", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v6: a café's way in, and its visits counted") { db in
            try db.create(table: "cafeEntry") { t in
                t.primaryKey("roomId", .text).references("room", onDelete: .cascade)
                t.column("linkToken", .text).notNull().unique()
                t.column("code", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
            }
            // A number per room and day, never who came.
            try db.create(table: "cafeVisit") { t in
                t.column("roomId", .text).notNull().references("room", onDelete: .cascade)
                t.column("day", .text).notNull()
                t.column("visits", .integer).notNull()
                t.primaryKey(["roomId", "day"])
            }
        }
        migrator.registerMigration("v7: the house's administrators, and counts for funders") { db in
            // The people who run the house (staff, not members): a name for each other, a key's hash.
            try db.create(table: "houseAdmin") { t in
                t.primaryKey("id", .text)
                t.column("label", .text).notNull()
                t.column("keyHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("lastSeenAt", .datetime).notNull()
                t.column("activeUntil", .datetime).notNull()
            }
            try db.create(table: "adminLink") { t in
                t.primaryKey("id", .text)
                t.column("tokenHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
                t.column("usedAt", .datetime)
            }
            // Numbers per room and month, never who, never which meeting: how many meetings had how many people.
            try db.create(table: "meetingTally") { t in
                t.column("roomId", .text).notNull().references("room", onDelete: .cascade)
                t.column("month", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("meetings", .integer).notNull()
                t.primaryKey(["roomId", "month", "size"])
            }
            // The evaluation's answers, added up per room and month the moment they are given.
            try db.create(table: "answerTally") { t in
                t.column("roomId", .text).notNull().references("room", onDelete: .cascade)
                t.column("month", .text).notNull()
                t.column("question", .text).notNull()
                t.column("answer", .text).notNull()
                t.column("answers", .integer).notNull()
                t.primaryKey(["roomId", "month", "question", "answer"])
            }
        }
        migrator.registerMigration("v8: name keys by Unicode's confusables (UTS #39)") { db in
            // The key now maps letters by Unicode's table of confusables and reads small capitals as their
            // letter (NameKey): every stored key is made again, or a look-alike of a name stored before would
            // get a key of its own and pass. As in v3, rows are read in full before any is changed. Two members
            // whose names now share a key both stay (the index was never unique); the next newcomer who looks
            // like either is refused.
            let rows = try Row.fetchAll(db, sql: "SELECT id, displayName FROM membership")
            for row in rows {
                let name: String = row["displayName"]
                let id: String = row["id"]
                try db.execute(sql: "UPDATE membership SET nameKey = ? WHERE id = ?", arguments: [NameKey(name).value, id])
            }
        }
        migrator.registerMigration("v9: a new phone keeps the membership") { db in
            // A link may be for a member's new phone: using it gives that membership a new key. Gone with the member.
            try db.alter(table: "invite") { t in
                t.add(column: "forMembershipId", .text).references("membership", onDelete: .cascade)
            }
            // When the key in use was made, so two people of the same name can be told apart in the member list.
            try db.alter(table: "membership") { t in t.add(column: "keyCreatedAt", .datetime) }
            try db.execute(sql: "UPDATE membership SET keyCreatedAt = createdAt")
        }
        migrator.registerMigration("v10: a room's weekly time") { db in
            // Null when no time is set: a room without one says nothing about when, rather than a made-up hour.
            try db.alter(table: "room") { t in
                t.add(column: "weeklyDay", .integer)
                t.add(column: "weeklyStart", .integer)
                t.add(column: "weeklyMinutes", .integer)
            }
        }
        return migrator
    }
}
