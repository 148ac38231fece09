using System.Net;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Installations;

/// <summary>What sending into a person's 1:1 chat came to.</summary>
internal abstract record PersonalChatOutcome
{
    /// <summary>
    /// The message is there: the chat, the message's activity id (null when Teams did not return one) and the service
    /// URL the chat was reached at (to update the message later).
    /// </summary>
    public sealed record Delivered(string ConversationId, string? ActivityId, string ServiceUrl) : PersonalChatOutcome;

    /// <summary>Worth trying again later (throttled, Teams or Graph unavailable, an installation not yet effective).</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null) : PersonalChatOutcome;

    /// <summary>Trying again will not help: the person cannot be reached in a 1:1 chat.</summary>
    public sealed record Impossible(string Reason) : PersonalChatOutcome;
}

/// <summary>
/// Puts a message in a person's 1:1 chat with the bot: the stored chat (their personal installation), else a chat
/// created through the Connector, installing the app for them through Graph first when Teams refuses (403/404) and
/// <c>Teams:CatalogAppId</c> is set. A chat it creates is stored as the person's personal installation before the
/// message is sent into it, so a retry uses that chat instead of opening another. Used by the relay (the community
/// manager's answer card) and by escalation (the leads' and executives' cards).
/// </summary>
internal sealed partial class PersonalChats(
    IConnectorClient connector,
    IInstallationStore installations,
    IDirectory directory,
    IOptions<TeamsAppOptions> teams,
    IOptions<BotFrameworkOptions> bot,
    ServiceUrlTrust trust,
    TimeProvider time,
    ILogger<PersonalChats> logger)
{
    /// <summary>
    /// Sends <paramref name="message"/> to <paramref name="aadObjectId"/>; a new chat is created through the installation
    /// of team <paramref name="teamId"/> (its service URL and tenant) when known, else the defaults.
    /// <paramref name="who"/> names the person's role in the reasons ("the community manager", "the lead").
    /// </summary>
    public async Task<PersonalChatOutcome> SendAsync(string aadObjectId, string? teamId, Activity message, string who, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(message);
        return await GuardAsync(async () =>
        {
            var installation = await installations.FindPersonalAsync(aadObjectId, cancellationToken);
            if (installation is not null)
            {
                try
                {
                    var sent = await connector.SendToConversationAsync(installation.ServiceUrl, installation.ConversationId, message, cancellationToken);
                    return new PersonalChatOutcome.Delivered(installation.ConversationId, Present(sent.Id), installation.ServiceUrl);
                }
                catch (ConnectorException ex) when (IsNotInstalled(ex))
                {
                    // The stored chat is gone (app removed, chat blocked): open it again as for someone new.
                    LogStaleInstallation(logger, installation.ConversationId, (int)ex.StatusCode);
                }
            }

            return await CreateChatAndSendAsync(aadObjectId, teamId, message, who, cancellationToken);
        });
    }

    private async Task<PersonalChatOutcome> CreateChatAndSendAsync(string aadObjectId, string? teamId, Activity message, string who, CancellationToken cancellationToken)
    {
        var (serviceUrl, tenantId) = await ProactiveCalls.EndpointAsync(installations, teamId, teams.Value, bot.Value, cancellationToken);
        var botId = "28:" + bot.Value.AppId;
        ConversationResourceResponse chat;
        try
        {
            chat = await connector.CreatePersonalConversationAsync(serviceUrl, botId, aadObjectId, tenantId, cancellationToken);
        }
        catch (ConnectorException ex) when (IsNotInstalled(ex))
        {
            if (await InstallAsync(aadObjectId, who, cancellationToken) is { } problem)
            {
                return problem;
            }

            try
            {
                chat = await connector.CreatePersonalConversationAsync(serviceUrl, botId, aadObjectId, tenantId, cancellationToken);
            }
            catch (ConnectorException again) when (IsNotInstalled(again))
            {
                // Graph installed it, but Teams can take a moment to accept the chat.
                return new PersonalChatOutcome.Transient($"The app was installed for {who}, but Teams still refuses the chat ({(int)again.StatusCode} {again.ErrorCode}).");
            }
        }

        if (Present(chat.Id) is not { } conversationId)
        {
            // Another create would open yet another chat: one attempt opens one chat at most.
            return new PersonalChatOutcome.Impossible("Teams created the chat without returning its id.");
        }

        // A blank service URL in the answer means none was given: the chat lives where it was created.
        var chatServiceUrl = Present(chat.ServiceUrl) ?? serviceUrl;
        await RememberChatAsync(aadObjectId, conversationId, chatServiceUrl, tenantId, botId, cancellationToken);
        var sent = await connector.SendToConversationAsync(chatServiceUrl, conversationId, message, cancellationToken);
        return new PersonalChatOutcome.Delivered(conversationId, Present(sent.Id), chatServiceUrl);
    }

    /// <summary>
    /// Stores a chat the bot just opened as the person's personal installation (Teams sends the same when the app is
    /// installed for them), so the next attempt sends into it. A service URL the bot would not send its token to is
    /// not stored: stored URLs are trusted again after a restart.
    /// </summary>
    private async Task RememberChatAsync(
        string aadObjectId, string conversationId, string serviceUrl, string tenantId, string botId, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) || !trust.IsTrusted(url))
        {
            return;
        }

        var now = time.GetUtcNow();
        await installations.UpsertAsync(
            new Installation(
                conversationId, serviceUrl, tenantId, InstallationScope.Personal, botId,
                TeamId: null, TeamAadGroupId: null, TeamName: null, ChannelId: null,
                UserId: null, UserAadObjectId: aadObjectId, UserName: null, InstalledAt: now, LastSeenAt: now),
            cancellationToken);
    }

    /// <summary>Null when the app is installed for the user now; otherwise why the chat cannot be opened (yet).</summary>
    private async Task<PersonalChatOutcome?> InstallAsync(string aadObjectId, string who, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(teams.Value.CatalogAppId))
        {
            return new PersonalChatOutcome.Impossible(
                $"The app is not installed for {who}, and Teams:CatalogAppId is not configured, so it cannot be installed for them.");
        }

        var installed = await directory.InstallAppForUserAsync(aadObjectId, cancellationToken);
        var outcome = installed.Match<PersonalChatOutcome?>(
            done => done ? null : new PersonalChatOutcome.Impossible($"Microsoft Graph did not install the app for {who}."),
            () => new PersonalChatOutcome.Impossible($"{Capitalised(who)} {aadObjectId} is not in the directory, so the app cannot be installed for them."),
            unavailable => new PersonalChatOutcome.Transient($"Installing the app for {who} failed: {unavailable.Reason}", unavailable.RetryAfter));
        if (outcome is null)
        {
            LogInstalled(logger, aadObjectId);
        }

        return outcome;
    }

    /// <summary>Turns the ways a Connector call fails into outcomes (<see cref="ProactiveCalls.GuardAsync"/>).</summary>
    private static Task<PersonalChatOutcome> GuardAsync(Func<Task<PersonalChatOutcome>> deliver) => ProactiveCalls.GuardAsync(
        deliver,
        (reason, retryAfter) => new PersonalChatOutcome.Transient(reason, retryAfter),
        reason => new PersonalChatOutcome.Impossible(reason),
        "message");

    /// <summary>403 (app not installed, chat blocked) or 404 (no such user or chat): Teams will not take it this way.</summary>
    private static bool IsNotInstalled(ConnectorException ex) => ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string Capitalised(string who) => who.Length == 0 ? who : char.ToUpperInvariant(who[0]) + who[1..];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored chat {ConversationId} refused a message ({Status}); opening the chat again")]
    private static partial void LogStaleInstallation(ILogger logger, string conversationId, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the Teams app for {AadObjectId} to reach them in a 1:1 chat")]
    private static partial void LogInstalled(ILogger logger, string aadObjectId);
}
