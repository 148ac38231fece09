using System.Security.Claims;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>One turn: the inbound activity, who sent it, and how to answer.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>The authenticated caller (the Bot Connector); not authenticated only in Development emulator mode.</summary>
    ClaimsIdentity Identity { get; }

    /// <summary>True once something was sent back in this turn (a message or an invoke response).</summary>
    bool Responded { get; }

    /// <summary>Sends <paramref name="activity"/> into the turn's conversation. An <c>invokeResponse</c> activity becomes the HTTP answer instead.</summary>
    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default);
}
