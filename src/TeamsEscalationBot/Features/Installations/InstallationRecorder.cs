using System.Collections.Concurrent;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.Features.Installations;

/// <summary>
/// Keeps the conversation references of every place the bot is installed (a team, a personal chat, a group chat), so
/// that later features can post proactively, and forgets them when the bot is removed. The service URL of a
/// conversation can change; every inbound activity refreshes it.
/// </summary>
internal sealed partial class InstallationRecorder(IInstallationStore store, TimeProvider time, ILogger<InstallationRecorder> logger)
{
    private readonly ConcurrentDictionary<string, string> _seenServiceUrls = new(StringComparer.Ordinal);

    public async Task RecordAsync(Activity activity, CancellationToken cancellationToken)
    {
        var installation = FromActivity(activity);
        if (installation is null)
        {
            return;
        }

        var existing = await store.GetAsync(installation.ConversationId, cancellationToken);
        installation = existing is null ? installation : installation with { InstalledAt = existing.InstalledAt };
        await store.UpsertAsync(installation, cancellationToken);
        _seenServiceUrls[installation.ConversationId] = installation.ServiceUrl;
        LogInstalled(logger, installation.Scope, installation.ConversationId, installation.TeamId);
    }

    public async Task ForgetAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = InstallationConversationId(activity);
        if (conversationId is null)
        {
            return;
        }

        _seenServiceUrls.TryRemove(conversationId, out _);
        if (await store.RemoveAsync(conversationId, cancellationToken))
        {
            LogRemoved(logger, conversationId);
        }
    }

    /// <summary>Refreshes the stored service URL when it changed; cheap when it did not.</summary>
    public async Task TouchAsync(Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = InstallationConversationId(activity);
        if (conversationId is null || activity.ServiceUrl is null ||
            (_seenServiceUrls.TryGetValue(conversationId, out var seen) && seen == activity.ServiceUrl))
        {
            return;
        }

        var existing = await store.GetAsync(conversationId, cancellationToken);
        if (existing is not null && existing.ServiceUrl != activity.ServiceUrl)
        {
            await store.UpsertAsync(existing with { ServiceUrl = activity.ServiceUrl, LastSeenAt = time.GetUtcNow() }, cancellationToken);
        }

        _seenServiceUrls[conversationId] = activity.ServiceUrl;
    }

    private Installation? FromActivity(Activity activity)
    {
        var conversationId = InstallationConversationId(activity);
        if (conversationId is null || activity.ServiceUrl is null || activity.TenantId is null || activity.Recipient?.Id is null)
        {
            return null;
        }

        var data = activity.ChannelData;
        var scope = ScopeOf(activity);
        var personal = scope == InstallationScope.Personal;
        var now = time.GetUtcNow();
        return new Installation(
            conversationId, activity.ServiceUrl, activity.TenantId, scope, activity.Recipient.Id,
            data?.Team?.Id, data?.Team?.AadGroupId, data?.Team?.Name,
            data?.Settings?.SelectedChannel?.Id ?? data?.Channel?.Id,
            personal ? activity.From?.Id : null, personal ? activity.From?.AadObjectId : null, personal ? activity.From?.Name : null,
            now, now);
    }

    /// <summary>A team installation is keyed by the team (its General channel id); a chat by its conversation id.</summary>
    private static string? InstallationConversationId(Activity activity) =>
        ScopeOf(activity) == InstallationScope.Team && activity.ChannelData?.Team?.Id is { } teamId
            ? teamId
            : activity.Conversation?.Id;

    private static InstallationScope ScopeOf(Activity activity) => activity.Conversation?.ConversationType switch
    {
        ConversationTypes.Channel => InstallationScope.Team,
        ConversationTypes.GroupChat => InstallationScope.GroupChat,
        _ => activity.ChannelData?.Team?.Id is not null ? InstallationScope.Team : InstallationScope.Personal,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot installed ({Scope}) in conversation {ConversationId}, team {TeamId}")]
    private static partial void LogInstalled(ILogger logger, InstallationScope scope, string conversationId, string? teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot removed from conversation {ConversationId}")]
    private static partial void LogRemoved(ILogger logger, string conversationId);
}
