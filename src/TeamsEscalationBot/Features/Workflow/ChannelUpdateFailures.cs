using System.Net;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>What a failed Connector call means for an outbox item: wait as told (429), retry (transient), or give up (permanent).</summary>
internal static class ChannelUpdateFailures
{
    public static OutboxResult From(ConnectorException failure, string what)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var reason = $"Teams answered {(int)failure.StatusCode} {failure.ErrorCode} to {what}".Replace("  ", " ", StringComparison.Ordinal);
        if (failure.IsTransient)
        {
            return failure.RetryAfter is { } wait ? OutboxResult.RetryAfter(wait, reason) : OutboxResult.Retry(reason);
        }

        return failure.StatusCode switch
        {
            HttpStatusCode.NotFound => OutboxResult.Failed($"{reason}: the message or conversation is gone (deleted in Teams?)"),
            HttpStatusCode.Forbidden => OutboxResult.Failed($"{reason}: the bot may no longer be in the team"),
            _ => OutboxResult.Failed(reason),
        };
    }
}
