using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>Table <c>active_members</c>: one row per (department, Teams user), pruned to the most recent on every merge.</summary>
internal sealed class SqliteActiveMemberStore(SqliteDatabase database) : IActiveMemberStore
{
    public async Task<IReadOnlyList<ActiveMember>> ListAsync(string departmentId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadAsync(connection, null, ActiveMemberLists.Key(departmentId), max, cancellationToken);
    }

    public async Task<IReadOnlyList<ActiveMember>> MergeAsync(
        string departmentId, IReadOnlyList<ActiveMember> members, int keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var key = ActiveMemberLists.Key(departmentId);
        return await database.WriteAsync((connection, transaction, token) => MergeAsync(connection, transaction, key, members, keep, token), cancellationToken);
    }

    private static async Task<IReadOnlyList<ActiveMember>> MergeAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string key,
        IReadOnlyList<ActiveMember> members, int keep, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO active_members (department_id, teams_user_id, aad_object_id, display_name, last_active_at)
                VALUES ($department, $teamsUserId, $aadObjectId, $displayName, $lastActiveAt)
                ON CONFLICT (department_id, teams_user_id) DO UPDATE SET
                    aad_object_id = excluded.aad_object_id, display_name = excluded.display_name,
                    last_active_at = MAX(last_active_at, excluded.last_active_at)
                """,
                transaction,
                cancellationToken,
                ("$department", key),
                ("$teamsUserId", member.TeamsUserId),
                ("$aadObjectId", member.AadObjectId),
                ("$displayName", member.DisplayName),
                ("$lastActiveAt", member.LastActiveAt.ToTicks()));
        }

        await connection.ExecuteAsync(
            """
            DELETE FROM active_members WHERE department_id = $department AND teams_user_id NOT IN (
                SELECT teams_user_id FROM active_members WHERE department_id = $department
                ORDER BY last_active_at DESC, teams_user_id LIMIT $keep)
            """,
            transaction,
            cancellationToken,
            ("$department", key),
            ("$keep", keep));
        return await ReadAsync(connection, transaction, key, keep, cancellationToken);
    }

    private static async Task<IReadOnlyList<ActiveMember>> ReadAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, string key, int max, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            """
            SELECT teams_user_id, aad_object_id, display_name, last_active_at FROM active_members
            WHERE department_id = $department ORDER BY last_active_at DESC, teams_user_id LIMIT $max
            """,
            transaction,
            ("$department", key),
            ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var members = new List<ActiveMember>();
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new ActiveMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqliteCommandExtensions.FromTicks(reader.GetInt64(3))));
        }

        return members;
    }
}
