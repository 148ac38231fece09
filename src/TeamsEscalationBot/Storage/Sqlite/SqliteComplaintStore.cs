using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage.Sqlite;

/// <summary>
/// Complaints as JSON snapshots in <c>complaints.body</c>, with the columns that are filtered on (state, department,
/// requester) kept beside them and indexed. A complaint and its outbox rows commit in one transaction, with its
/// service-level record (<see cref="ISlaRecorder"/>) in <c>sla</c> and the instants that find it when due.
/// </summary>
internal sealed class SqliteComplaintStore(
    SqliteDatabase database, TimeProvider timeProvider, OutboxSignal signal, ISlaRecorder? slaRecorder = null) : IComplaintStore
{
    /// <summary>The columns every read returns: the complaint, then its service-level record.</summary>
    private const string Columns = "body, sla";

    /// <summary>
    /// "id starts with $prefix" as a range of the primary key's index: ids are ASCII, so every id with the prefix sorts
    /// (binary collation) between the prefix and the prefix followed by the highest code point.
    /// </summary>
    internal const string IdStartsWith = "id >= $prefix AND id < $prefix || char(1114111)";

    /// <summary>
    /// What <see cref="ListActiveSinceAsync"/> reads: the complaints active since <c>$since</c> (a range of
    /// <c>ix_complaints_activity</c>), then those not Closed and quiet since before it (ranges of
    /// <c>ix_complaints_state_activity</c>).
    /// </summary>
    internal static readonly string ActiveSince =
        $"SELECT {Columns} FROM complaints WHERE activity_at >= $since " +
        "UNION ALL " +
        $"SELECT {Columns} FROM complaints WHERE state IN ({string.Join(", ", ComplaintStoreRules.NotClosedStates.Select(s => $"'{s}'"))}) AND activity_at < $since";

    public async Task<CreateComplaintResult> CreateAsync(Complaint complaint, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateWrite(complaint, outbox);
        var now = timeProvider.GetUtcNow();
        var sla = slaRecorder?.Record(complaint, null, now) ?? SlaWrite.None;
        outbox = [.. outbox, .. sla.Outbox];
        // Serialized before joining the writer's queue: the writer runs one write at a time.
        var body = ComplaintStoreRules.Serialize(complaint);
        var inserted = await database.WriteAsync(
            (connection, transaction, token) => WriteCreateAsync(connection, transaction, complaint, body, sla.Record, outbox, now, token),
            cancellationToken);
        if (inserted)
        {
            NotifyIfAny(outbox);
            return new CreateComplaintResult(CreateOutcome.Created, SlaRecords.Attach(complaint, sla.Record));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var existing = await QueryOneAsync(connection, "source = $a AND external_id = $b", complaint.Source, complaint.ExternalId, cancellationToken)
            ?? throw new InvalidOperationException($"Complaint id '{complaint.Id}' is already used by another complaint.");
        return new CreateComplaintResult(CreateOutcome.Duplicate, existing);
    }

    /// <summary>The insert inside the writer's transaction; false when the complaint (or its source and external id) is already stored.</summary>
    private static async Task<bool> WriteCreateAsync(
        SqliteConnection connection, SqliteTransaction transaction, Complaint complaint, string body, SlaRecord? record,
        IReadOnlyList<OutboxItem> outbox, DateTimeOffset now, CancellationToken token)
    {
        var rows = await connection.ExecuteAsync(
            """
            INSERT INTO complaints (id, source, external_id, state, department_id, requester_aad_object_id, created_at, updated_at, version, body,
                                    sla, next_due_at, due_soon_at, overdue_at, activity_at)
            VALUES ($id, $source, $externalId, $state, $departmentId, $requester, $createdAt, $updatedAt, $version, $body,
                    $sla, $nextDueAt, $dueSoonAt, $overdueAt, $activityAt)
            ON CONFLICT DO NOTHING
            """,
            transaction,
            token,
            [.. SlaParameters(record),
            ("$id", complaint.Id),
            ("$source", complaint.Source),
            ("$externalId", complaint.ExternalId),
            ("$state", complaint.State.ToString()),
            ("$departmentId", ComplaintStoreRules.Key(complaint.DepartmentId)),
            ("$requester", ComplaintStoreRules.Key(complaint.Requester?.AadObjectId)),
            ("$createdAt", complaint.CreatedAt.ToTicks()),
            ("$updatedAt", now.ToTicks()),
            ("$version", complaint.Version),
            ("$body", body),
            ("$activityAt", ComplaintStoreRules.LastActivity(complaint).ToTicks())]);
        if (rows == 1)
        {
            await SqliteOutbox.InsertAsync(connection, transaction, outbox, now, token);
        }

        return rows == 1;
    }

    public async Task<Complaint?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryOneAsync(connection, "id = $a", id, null, cancellationToken);
    }

    public async Task<Complaint?> FindByExternalIdAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(externalId);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryOneAsync(connection, "source = $a AND external_id = $b", source, externalId, cancellationToken);
    }

    public async Task<UpdateComplaintResult> UpdateAsync(
        Complaint complaint, long expectedVersion, IReadOnlyList<OutboxItem> outbox, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateWrite(complaint, outbox);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(expectedVersion, complaint.Version);
        var now = timeProvider.GetUtcNow();
        var body = ComplaintStoreRules.Serialize(complaint);
        var written = await database.WriteAsync(
            (connection, transaction, token) => WriteUpdateAsync(connection, transaction, complaint, body, expectedVersion, outbox, now, token),
            cancellationToken);
        if (written is not null)
        {
            NotifyIfAny(written.Outbox);
            return new UpdateComplaintResult(UpdateOutcome.Updated, SlaRecords.Attach(complaint, written.Sla));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await QueryOneAsync(connection, "id = $a", complaint.Id, null, cancellationToken);
        return current is null
            ? new UpdateComplaintResult(UpdateOutcome.NotFound, null)
            : new UpdateComplaintResult(UpdateOutcome.Conflict, current);
    }

    /// <summary>The update inside the writer's transaction; null when the stored version is not the expected one.</summary>
    private async Task<WrittenUpdate?> WriteUpdateAsync(
        SqliteConnection connection, SqliteTransaction transaction, Complaint complaint, string body, long expectedVersion,
        IReadOnlyList<OutboxItem> outbox, DateTimeOffset now, CancellationToken token)
    {
        // The transaction is IMMEDIATE: the record read here is the one the update replaces.
        var stored = await connection.ScalarAsync(
            "SELECT COALESCE(sla, '') FROM complaints WHERE id = $id AND version = $expectedVersion",
            transaction,
            token,
            ("$id", complaint.Id),
            ("$expectedVersion", expectedVersion));
        var sla = stored is string json && slaRecorder is not null ? slaRecorder.Record(complaint, SlaRecord.Deserialize(json), now) : SlaWrite.None;
        var updated = await connection.ExecuteAsync(
            """
            UPDATE complaints
            SET state = $state, department_id = $departmentId, requester_aad_object_id = $requester,
                updated_at = $updatedAt, version = $version, body = $body, activity_at = $activityAt,
                sla = $sla, next_due_at = $nextDueAt, due_soon_at = $dueSoonAt, overdue_at = $overdueAt
            WHERE id = $id AND version = $expectedVersion
            """,
            transaction,
            token,
            [.. SlaParameters(sla.Record),
            ("$id", complaint.Id),
            ("$expectedVersion", expectedVersion),
            ("$state", complaint.State.ToString()),
            ("$departmentId", ComplaintStoreRules.Key(complaint.DepartmentId)),
            ("$requester", ComplaintStoreRules.Key(complaint.Requester?.AadObjectId)),
            ("$updatedAt", now.ToTicks()),
            ("$version", complaint.Version),
            ("$body", body),
            ("$activityAt", ComplaintStoreRules.LastActivity(complaint).ToTicks())]);
        if (updated != 1)
        {
            return null;
        }

        IReadOnlyList<OutboxItem> items = [.. outbox, .. sla.Outbox];
        await SqliteOutbox.InsertAsync(connection, transaction, items, now, token);
        return new WrittenUpdate(items, sla.Record);
    }

    private sealed record WrittenUpdate(IReadOnlyList<OutboxItem> Outbox, SlaRecord? Sla);

    public async Task<ComplaintPage> ListAsync(ComplaintQuery query, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateQuery(query);
        var parameters = new List<(string, object?)> { ("$take", query.PageSize + 1) };
        var sql = new StringBuilder($"SELECT {Columns} FROM complaints WHERE 1 = 1");
        if (query.State is { } state)
        {
            sql.Append(" AND state = $state");
            parameters.Add(("$state", state.ToString()));
        }

        if (query.DepartmentId is not null)
        {
            sql.Append(" AND department_id = $departmentId");
            parameters.Add(("$departmentId", ComplaintStoreRules.Key(query.DepartmentId)));
        }

        if (query.RequesterAadObjectId is not null)
        {
            sql.Append(" AND requester_aad_object_id = $requester");
            parameters.Add(("$requester", ComplaintStoreRules.Key(query.RequesterAadObjectId)));
        }

        if (query.OverdueAt is { } overdueAt)
        {
            sql.Append(" AND overdue_at <= $overdueAt");
            parameters.Add(("$overdueAt", overdueAt.ToTicks()));
        }

        if (query.DueSoonAt is { } dueSoonAt)
        {
            sql.Append(" AND due_soon_at <= $dueSoonAt");
            parameters.Add(("$dueSoonAt", dueSoonAt.ToTicks()));
        }

        if (query.Cursor is not null)
        {
            sql.Append(" AND id > $after");
            parameters.Add(("$after", DecodeCursor(query.Cursor)));
        }

        sql.Append(" ORDER BY id LIMIT $take");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql.ToString(), null, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Complaint>();
        var read = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            read++;
            if (items.Count == query.PageSize)
            {
                return new ComplaintPage(items, EncodeCursor(items[^1].Id), read);
            }

            items.Add(Read(reader));
        }

        return new ComplaintPage(items, null, read);
    }

    public async Task<ComplaintIdMatches> FindByIdPrefixAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidatePrefix(prefix, limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        // One read transaction, so the count and the rows come from the same snapshot.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var total = Convert.ToInt32(
            await connection.ScalarAsync($"SELECT COUNT(*) FROM complaints WHERE {IdStartsWith}", transaction, cancellationToken, ("$prefix", prefix)),
            System.Globalization.CultureInfo.InvariantCulture);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM complaints WHERE {IdStartsWith} ORDER BY id LIMIT $take", transaction, ("$prefix", prefix), ("$take", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Complaint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return new ComplaintIdMatches(items, total);
    }

    public async Task<IReadOnlyList<Complaint>> ListDueAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        ComplaintStoreRules.ValidateDue(limit);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM complaints WHERE next_due_at <= $before ORDER BY next_due_at, id LIMIT $take",
            null,
            ("$before", before.ToTicks()),
            ("$take", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Complaint>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return items;
    }

    public async IAsyncEnumerable<Complaint> ListActiveSinceAsync(
        DateTimeOffset activeSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One statement is one read snapshot: the two halves are disjoint, so every complaint comes once.
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(ActiveSince, null, ("$since", activeSince.ToTicks()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    /// <summary>Migration 5: <c>activity_at</c> of the rows stored before it existed, a page of ids at a time.</summary>
    internal static async Task BackfillActivityAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var after = string.Empty;
        while (true)
        {
            var page = new List<(string Id, long ActivityAt)>();
            await using (var command = connection.Command(
                "SELECT id, body FROM complaints WHERE id > $after ORDER BY id LIMIT 1000", transaction, ("$after", after)))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add((reader.GetString(0), ComplaintStoreRules.LastActivity(ComplaintStoreRules.Deserialize(reader.GetString(1))).ToTicks()));
                }
            }

            if (page.Count == 0)
            {
                return;
            }

            foreach (var (id, activityAt) in page)
            {
                await connection.ExecuteAsync(
                    "UPDATE complaints SET activity_at = $activityAt WHERE id = $id", transaction, cancellationToken, ("$id", id), ("$activityAt", activityAt));
            }

            after = page[^1].Id;
        }
    }

    private static async Task<Complaint?> QueryOneAsync(
        SqliteConnection connection, string where, string a, string? b, CancellationToken cancellationToken)
    {
        // `where` is one of the constant conditions above; values are parameters.
        await using var command = connection.Command($"SELECT {Columns} FROM complaints WHERE {where}", null, ("$a", a), ("$b", b));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>A complaint from a row of <see cref="Columns"/>, with its service-level record attached.</summary>
    private static Complaint Read(SqliteDataReader reader) =>
        SlaRecords.Attach(ComplaintStoreRules.Deserialize(reader.GetString(0)), SlaRecord.Deserialize(reader.GetNullableString(1)));

    private static (string, object?)[] SlaParameters(SlaRecord? record) =>
    [
        ("$sla", record is null ? null : SlaRecord.Serialize(record)),
        ("$nextDueAt", record?.NextDueAt?.ToTicks()),
        ("$dueSoonAt", record?.DueSoonAt?.ToTicks()),
        ("$overdueAt", record?.OverdueAt?.ToTicks()),
    ];

    private void NotifyIfAny(IReadOnlyList<OutboxItem> outbox)
    {
        if (outbox.Count > 0)
        {
            signal.Notify();
        }
    }

    private static string EncodeCursor(string lastId) => "s:" + lastId;

    private static string DecodeCursor(string cursor)
    {
        if (!cursor.StartsWith("s:", StringComparison.Ordinal) || cursor.Length == 2)
        {
            throw ComplaintStoreRules.InvalidCursor();
        }

        return cursor[2..];
    }
}
