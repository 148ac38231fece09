namespace TeamsEscalationBot.Features.Installations;

internal enum InstallationScope { Personal, Team, GroupChat }

/// <summary>Where the bot is installed: enough to post proactively into that conversation later.</summary>
internal sealed record Installation(
    string ConversationId, string ServiceUrl, string TenantId, InstallationScope Scope, string BotId,
    string? TeamId, string? TeamAadGroupId, string? TeamName, string? ChannelId,
    string? UserId, string? UserAadObjectId, string? UserName,
    DateTimeOffset InstalledAt, DateTimeOffset LastSeenAt);

internal interface IInstallationStore
{
    Task UpsertAsync(Installation installation, CancellationToken cancellationToken);
    Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken);
    Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken);
    Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken);
    Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken);
}
