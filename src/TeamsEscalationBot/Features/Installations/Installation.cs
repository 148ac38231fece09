namespace TeamsEscalationBot.Features.Installations;

internal enum InstallationScope
{
    Personal,
    Team,
    GroupChat,
}

/// <summary>
/// Where the bot is installed: enough to message the conversation proactively. Times are stored and returned in UTC.
/// </summary>
internal sealed record Installation(
    string ConversationId,
    string ServiceUrl,
    string TenantId,
    InstallationScope Scope,
    string BotId,
    string? TeamId,
    string? TeamAadGroupId,
    string? TeamName,
    string? ChannelId,
    string? UserId,
    string? UserAadObjectId,
    string? UserName,
    DateTimeOffset InstalledAt,
    DateTimeOffset LastSeenAt);
