using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Features.Installations;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>What one attempt to post or update a crisis alert came to.</summary>
internal abstract record AlertOutcome
{
    /// <summary>The card is there: where, so it can be updated later.</summary>
    public sealed record Delivered(string ServiceUrl, string ConversationId, string ActivityId) : AlertOutcome;

    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null) : AlertOutcome;

    public sealed record Impossible(string Reason) : AlertOutcome;
}

/// <summary>
/// Puts crisis alerts in front of people, as the relay does: a person's 1:1 chat with the bot (the stored one; else a
/// new chat, after installing the app for them through Graph when Teams says it is not installed; a chat it opens is
/// stored as their personal installation before the card is sent, so a retry reuses it), a new thread in a
/// department's channel, and the update of a posted card in place (update activity).
/// </summary>
internal sealed partial class CrisisDelivery(
    IConnectorClient connector,
    IInstallationStore installations,
    IDirectory directory,
    ComplaintRouter router,
    IOptions<TeamsAppOptions> teams,
    IOptions<BotFrameworkOptions> bot,
    ServiceUrlTrust trust,
    TimeProvider time,
    ILogger<CrisisDelivery> logger)
{
    public Task<AlertOutcome> ToPersonAsync(string aadObjectId, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var installation = await installations.FindPersonalAsync(aadObjectId, cancellationToken);
        if (installation is not null)
        {
            try
            {
                var sent = await connector.SendToConversationAsync(installation.ServiceUrl, installation.ConversationId, message, cancellationToken);
                return Delivered(installation.ServiceUrl, installation.ConversationId, sent.Id);
            }
            catch (ConnectorException ex) when (IsNotInstalled(ex))
            {
                LogStaleChat(logger, aadObjectId, (int)ex.StatusCode);
            }
        }

        var (serviceUrl, tenantId) = await EndpointAsync(router.TriageDepartment.TeamId, cancellationToken);
        var botId = "28:" + bot.Value.AppId;
        ConversationResourceResponse chat;
        try
        {
            chat = await connector.CreatePersonalConversationAsync(serviceUrl, botId, aadObjectId, tenantId, cancellationToken);
        }
        catch (ConnectorException ex) when (IsNotInstalled(ex))
        {
            if (await InstallAsync(aadObjectId, cancellationToken) is { } problem)
            {
                return problem;
            }

            try
            {
                chat = await connector.CreatePersonalConversationAsync(serviceUrl, botId, aadObjectId, tenantId, cancellationToken);
            }
            catch (ConnectorException again) when (IsNotInstalled(again))
            {
                return new AlertOutcome.Transient($"The app was installed for the person, but Teams still refuses the chat ({(int)again.StatusCode}).");
            }
        }

        if (string.IsNullOrWhiteSpace(chat.Id))
        {
            return new AlertOutcome.Impossible("Teams created the chat without returning its id.");
        }

        var chatServiceUrl = string.IsNullOrWhiteSpace(chat.ServiceUrl) ? serviceUrl : chat.ServiceUrl;
        await RememberChatAsync(aadObjectId, chat.Id, chatServiceUrl, tenantId, botId, cancellationToken);
        var posted = await connector.SendToConversationAsync(chatServiceUrl, chat.Id, message, cancellationToken);
        return Delivered(chatServiceUrl, chat.Id, posted.Id);
    });

    public Task<AlertOutcome> ToChannelAsync(Department department, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var (serviceUrl, tenantId) = await EndpointAsync(department.TeamId, cancellationToken);
        var created = await connector.CreateChannelThreadAsync(serviceUrl, department.ChannelId, tenantId, message, cancellationToken);
        var activityId = string.IsNullOrWhiteSpace(created.ActivityId) ? ActivityIdOf(created.Id) : created.ActivityId;
        var threadId = string.IsNullOrWhiteSpace(created.Id)
            ? ConnectorClientExtensions.ThreadConversationId(department.ChannelId, activityId ?? string.Empty)
            : created.Id;
        return Delivered(serviceUrl, threadId, activityId);
    });

    public Task<AlertOutcome> UpdateAsync(CrisisAlert alert, Activity message, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(alert);
        message.Id = alert.ActivityId;
        await connector.UpdateActivityAsync(alert.ServiceUrl!, alert.ConversationId!, alert.ActivityId!, message, cancellationToken);
        return new AlertOutcome.Delivered(alert.ServiceUrl!, alert.ConversationId!, alert.ActivityId!);
    });

    private async Task RememberChatAsync(string aadObjectId, string conversationId, string serviceUrl, string tenantId, string botId, CancellationToken cancellationToken)
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

    private async Task<AlertOutcome?> InstallAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(teams.Value.CatalogAppId))
        {
            return new AlertOutcome.Impossible("The app is not installed for the person, and Teams:CatalogAppId is not configured, so it cannot be installed for them.");
        }

        var installed = await directory.InstallAppForUserAsync(aadObjectId, cancellationToken);
        var outcome = installed.Match<AlertOutcome?>(
            done => done ? null : new AlertOutcome.Impossible("Microsoft Graph did not install the app for the person."),
            () => new AlertOutcome.Impossible($"{aadObjectId} is not in the directory, so the app cannot be installed for them."),
            unavailable => new AlertOutcome.Transient($"Installing the app failed: {unavailable.Reason}", unavailable.RetryAfter));
        if (outcome is null)
        {
            LogInstalled(logger, aadObjectId);
        }

        return outcome;
    }

    private async Task<(string ServiceUrl, string TenantId)> EndpointAsync(string? teamId, CancellationToken cancellationToken)
    {
        var installation = string.IsNullOrWhiteSpace(teamId) ? null : await installations.FindTeamAsync(teamId, cancellationToken);
        return (installation?.ServiceUrl ?? teams.Value.DefaultServiceUrl, installation?.TenantId ?? bot.Value.TenantId ?? string.Empty);
    }

    private static async Task<AlertOutcome> GuardAsync(Func<Task<AlertOutcome>> deliver)
    {
        try
        {
            return await deliver();
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            return new AlertOutcome.Transient($"Teams answered {(int)ex.StatusCode} {ex.ErrorCode}".TrimEnd(), ex.RetryAfter);
        }
        catch (ConnectorException ex)
        {
            return new AlertOutcome.Impossible($"Teams refused with {(int)ex.StatusCode} {ex.ErrorCode}".TrimEnd() + ".");
        }
        catch (UntrustedServiceUrlException ex)
        {
            return new AlertOutcome.Impossible(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return new AlertOutcome.Transient($"Teams could not be reached: {ex.Message}");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or JsonException)
        {
            return new AlertOutcome.Impossible($"The alert could not be sent: {ex.Message}");
        }
    }

    private static AlertOutcome Delivered(string serviceUrl, string conversationId, string? activityId) =>
        string.IsNullOrWhiteSpace(activityId)
            ? new AlertOutcome.Impossible("Teams took the alert without returning its id, so it cannot be updated.")
            : new AlertOutcome.Delivered(serviceUrl, conversationId, activityId);

    private static bool IsNotInstalled(ConnectorException ex) => ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    private static string? ActivityIdOf(string? threadId)
    {
        const string marker = ";messageid=";
        var index = threadId?.IndexOf(marker, StringComparison.OrdinalIgnoreCase) ?? -1;
        return index < 0 ? null : threadId![(index + marker.Length)..];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored chat of {AadObjectId} refused a crisis alert ({Status}); opening the chat again")]
    private static partial void LogStaleChat(ILogger logger, string aadObjectId, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the Teams app for {AadObjectId} to deliver a crisis alert")]
    private static partial void LogInstalled(ILogger logger, string aadObjectId);
}
