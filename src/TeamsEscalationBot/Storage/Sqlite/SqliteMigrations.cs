using Microsoft.Data.Sqlite;

namespace TeamsEscalationBot.Storage.Sqlite;

/// <summary>
/// The schema, as an ordered list of migrations. Rules: never edit or reorder a released migration, only append;
/// only CREATE (TABLE/INDEX) and ALTER TABLE ... ADD, so a migration never loses data (a unit test enforces it).
/// Times are INTEGER UTC ticks so that comparisons in SQL are plain integer comparisons.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "installations",
        [
            """
            CREATE TABLE installations (
                conversation_id    TEXT    NOT NULL PRIMARY KEY,
                service_url        TEXT    NOT NULL,
                tenant_id          TEXT    NOT NULL,
                scope              TEXT    NOT NULL,
                bot_id             TEXT    NOT NULL,
                team_id            TEXT    NULL,
                team_aad_group_id  TEXT    NULL,
                team_name          TEXT    NULL,
                channel_id         TEXT    NULL,
                user_id            TEXT    NULL,
                user_aad_object_id TEXT    NULL,
                user_name          TEXT    NULL,
                installed_at       INTEGER NOT NULL,
                last_seen_at       INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_installations_personal ON installations (user_aad_object_id, last_seen_at) WHERE scope = 'Personal'",
            "CREATE INDEX ix_installations_team ON installations (team_id, last_seen_at) WHERE scope = 'Team'",
            "CREATE INDEX ix_installations_service_url ON installations (service_url)",
        ]),
        new(2, "complaints and outbox",
        [
            """
            CREATE TABLE complaints (
                id                      TEXT    NOT NULL PRIMARY KEY,
                source                  TEXT    NOT NULL,
                external_id             TEXT    NOT NULL,
                state                   TEXT    NOT NULL,
                department_id           TEXT    NOT NULL,
                requester_aad_object_id TEXT    NULL,
                created_at              INTEGER NOT NULL,
                updated_at              INTEGER NOT NULL,
                version                 INTEGER NOT NULL,
                body                    TEXT    NOT NULL)
            """,
            "CREATE UNIQUE INDEX ux_complaints_source_external_id ON complaints (source, external_id)",
            "CREATE INDEX ix_complaints_state ON complaints (state, id)",
            "CREATE INDEX ix_complaints_department ON complaints (department_id, id)",
            "CREATE INDEX ix_complaints_state_department ON complaints (state, department_id, id)",
            "CREATE INDEX ix_complaints_requester ON complaints (requester_aad_object_id, id) WHERE requester_aad_object_id IS NOT NULL",
            """
            CREATE TABLE outbox (
                id             TEXT    NOT NULL PRIMARY KEY,
                kind           TEXT    NOT NULL,
                complaint_id   TEXT    NOT NULL REFERENCES complaints (id),
                payload        TEXT    NOT NULL,
                not_before     INTEGER NOT NULL,
                attempt        INTEGER NOT NULL,
                last_error     TEXT    NULL,
                lease_token    TEXT    NULL,
                lease_until    INTEGER NULL,
                created_at     INTEGER NOT NULL,
                failed_at      INTEGER NULL,
                failure_reason TEXT    NULL)
            """,
            "CREATE INDEX ix_outbox_due ON outbox (not_before, id) WHERE failed_at IS NULL",
            "CREATE INDEX ix_outbox_complaint ON outbox (complaint_id)",
        ]),
        new(3, "active members",
        [
            """
            CREATE TABLE active_members (
                department_id  TEXT    NOT NULL,
                teams_user_id  TEXT    NOT NULL,
                aad_object_id  TEXT    NOT NULL,
                display_name   TEXT    NOT NULL,
                last_active_at INTEGER NOT NULL,
                PRIMARY KEY (department_id, teams_user_id))
            """,
            "CREATE INDEX ix_active_members_recent ON active_members (department_id, last_active_at)",
        ]),
        new(4, "service levels",
        [
            // The clocks and scheduled refreshes as JSON (SlaRecord), and the instants that find due and overdue complaints.
            "ALTER TABLE complaints ADD COLUMN sla TEXT NULL",
            "ALTER TABLE complaints ADD COLUMN next_due_at INTEGER NULL",
            "ALTER TABLE complaints ADD COLUMN due_soon_at INTEGER NULL",
            "ALTER TABLE complaints ADD COLUMN overdue_at INTEGER NULL",
            "CREATE INDEX ix_complaints_next_due ON complaints (next_due_at, id) WHERE next_due_at IS NOT NULL",
            "CREATE INDEX ix_complaints_overdue ON complaints (overdue_at) WHERE overdue_at IS NOT NULL",
            "CREATE INDEX ix_complaints_department_due_soon ON complaints (department_id, due_soon_at) WHERE due_soon_at IS NOT NULL",
        ]),
        new(5, "complaint activity for reports",
        [
            // The latest history entry's time (UTC ticks); 0 until the backfill below fills in existing rows.
            "ALTER TABLE complaints ADD COLUMN activity_at INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX ix_complaints_activity ON complaints (activity_at)",
            "CREATE INDEX ix_complaints_state_activity ON complaints (state, activity_at)",
        ])
        {
            Backfill = SqliteComplaintStore.BackfillActivityAsync,
        },
        new(6, "leases",
        [
            // One row per lease (the leader's is "leader"); times are UTC ticks. A released lease has no row.
            """
            CREATE TABLE leases (
                name        TEXT    NOT NULL PRIMARY KEY,
                holder      TEXT    NOT NULL,
                acquired_at INTEGER NOT NULL,
                expires_at  INTEGER NOT NULL)
            """,
        ]),
        new(7, "crises",
        [
            // The crisis detector's state (one row, docs/crises.md) and one row per crisis with its alerts, both as JSON
            // with a version for optimistic concurrency.
            "CREATE TABLE crisis_detector (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, body TEXT NOT NULL)",
            """
            CREATE TABLE crises (
                id         TEXT    NOT NULL PRIMARY KEY,
                state      TEXT    NOT NULL,
                opened_at  INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version    INTEGER NOT NULL,
                body       TEXT    NOT NULL)
            """,
            "CREATE INDEX ix_crises_opened ON crises (opened_at)",
        ]),
        new(8, "digest sends",
        [
            // One row per recipient, cadence and period (key "{object id}/{cadence}/{first day}"): the insert is the
            // "only once"; the record (DigestSend) as JSON; version for conditional updates.
            """
            CREATE TABLE digest_sends (
                send_key        TEXT    NOT NULL PRIMARY KEY,
                state           TEXT    NOT NULL,
                next_attempt_at INTEGER NOT NULL,
                version         INTEGER NOT NULL,
                document        TEXT    NOT NULL)
            """,
            "CREATE INDEX ix_digest_sends_pending ON digest_sends (next_attempt_at) WHERE state = 'Pending'",
            "CREATE TABLE digest_schedule (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), checked_until INTEGER NOT NULL)",
        ]),
    ];

    public static long LatestVersion => All[^1].Version;
}

internal sealed record SqliteMigration(long Version, string Name, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// Fills a new column of existing rows from data already stored (run after <see cref="Statements"/>, in the same
    /// transaction). Code rather than SQL, so derived values are computed exactly as the stores compute them.
    /// </summary>
    public Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>? Backfill { get; init; }
}
