using Microsoft.Data.Sqlite;
using TeamsEscalationBot.Storage.Sqlite;

namespace TeamsEscalationBot.Features.Installations;

internal sealed class SqliteInstallationStore(SqliteDatabase database) : IInstallationStore
{
    private const string Columns =
        "conversation_id, service_url, tenant_id, scope, bot_id, team_id, team_aad_group_id, team_name, channel_id, " +
        "user_id, user_aad_object_id, user_name, installed_at, last_seen_at";

    public async Task UpsertAsync(Installation installation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        await database.ExecuteWriteAsync(
            $"""
            INSERT INTO installations ({Columns})
            VALUES ($conversationId, $serviceUrl, $tenantId, $scope, $botId, $teamId, $teamAadGroupId, $teamName, $channelId,
                    $userId, $userAadObjectId, $userName, $installedAt, $lastSeenAt)
            ON CONFLICT (conversation_id) DO UPDATE SET
                service_url = excluded.service_url, tenant_id = excluded.tenant_id, scope = excluded.scope,
                bot_id = excluded.bot_id, team_id = excluded.team_id, team_aad_group_id = excluded.team_aad_group_id,
                team_name = excluded.team_name, channel_id = excluded.channel_id, user_id = excluded.user_id,
                user_aad_object_id = excluded.user_aad_object_id, user_name = excluded.user_name,
                last_seen_at = excluded.last_seen_at
            """,
            cancellationToken,
            ("$conversationId", installation.ConversationId),
            ("$serviceUrl", installation.ServiceUrl),
            ("$tenantId", installation.TenantId),
            ("$scope", installation.Scope.ToString()),
            ("$botId", installation.BotId),
            ("$teamId", installation.TeamId),
            ("$teamAadGroupId", installation.TeamAadGroupId),
            ("$teamName", installation.TeamName),
            ("$channelId", installation.ChannelId),
            ("$userId", installation.UserId),
            ("$userAadObjectId", installation.UserAadObjectId),
            ("$userName", installation.UserName),
            ("$installedAt", installation.InstalledAt.ToTicks()),
            ("$lastSeenAt", installation.LastSeenAt.ToTicks()));
    }

    public async Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken)
    {
        var removed = await database.ExecuteWriteAsync(
            "DELETE FROM installations WHERE conversation_id = $conversationId", cancellationToken, ("$conversationId", conversationId));
        return removed > 0;
    }

    public Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {Columns} FROM installations WHERE conversation_id = $value", conversationId, cancellationToken);

    public Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"SELECT {Columns} FROM installations WHERE scope = 'Personal' AND user_aad_object_id = $value ORDER BY last_seen_at DESC, conversation_id LIMIT 1",
            userAadObjectId,
            cancellationToken);

    public Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken) =>
        QuerySingleAsync(
            $"SELECT {Columns} FROM installations WHERE scope = 'Team' AND team_id = $value ORDER BY last_seen_at DESC, conversation_id LIMIT 1",
            teamId,
            cancellationToken);

    public async Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT DISTINCT service_url FROM installations", null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var urls = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            urls.Add(reader.GetString(0));
        }

        // Ordinal order in C#: SQLite's ORDER BY would follow its own collation, the Azure store sorts ordinally.
        urls.Sort(StringComparer.Ordinal);
        return urls;
    }

    private async Task<Installation?> QuerySingleAsync(string sql, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(sql, null, ("$value", value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Installation Read(SqliteDataReader reader) => new(
        ConversationId: reader.GetString(0),
        ServiceUrl: reader.GetString(1),
        TenantId: reader.GetString(2),
        Scope: Enum.Parse<InstallationScope>(reader.GetString(3)),
        BotId: reader.GetString(4),
        TeamId: reader.GetNullableString(5),
        TeamAadGroupId: reader.GetNullableString(6),
        TeamName: reader.GetNullableString(7),
        ChannelId: reader.GetNullableString(8),
        UserId: reader.GetNullableString(9),
        UserAadObjectId: reader.GetNullableString(10),
        UserName: reader.GetNullableString(11),
        InstalledAt: SqliteCommandExtensions.FromTicks(reader.GetInt64(12)),
        LastSeenAt: SqliteCommandExtensions.FromTicks(reader.GetInt64(13)));
}
