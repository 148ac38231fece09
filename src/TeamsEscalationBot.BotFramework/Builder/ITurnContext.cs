using System.Security.Claims;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>The code that handles turns: one inbound activity at a time.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}

/// <summary>One turn: the inbound activity, who sent it, and how to answer.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>The authenticated caller (the Bot Connector); not authenticated only in Development emulator mode.</summary>
    ClaimsIdentity Identity { get; }

    IConnectorClient Connector { get; }

    /// <summary>Values shared by the components that handle this turn.</summary>
    IDictionary<string, object> TurnState { get; }

    /// <summary>True once something was sent back in this turn (a message or an invoke response).</summary>
    bool Responded { get; }

    /// <summary>Sends <paramref name="activity"/> into the turn's conversation. An <c>invokeResponse</c> activity becomes the HTTP answer instead.</summary>
    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Replaces a message the bot sent earlier in this conversation (its <see cref="Activity.Id"/> says which).</summary>
    Task<ResourceResponse> UpdateActivityAsync(Activity activity, CancellationToken cancellationToken = default);

    Task DeleteActivityAsync(string activityId, CancellationToken cancellationToken = default);

    /// <summary>Posts into the thread of a channel post (<c>{channel};messageid={root}</c>) rather than as a new post.</summary>
    Task<ResourceResponse> ReplyInThreadAsync(string rootActivityId, Activity activity, CancellationToken cancellationToken = default);
}

/// <summary>Thrown by a handler to answer an invoke with a specific status and body.</summary>
public sealed class InvokeResponseException : Exception
{
    public InvokeResponseException(int statusCode, object? body = null)
        : base($"Invoke answered with status {statusCode}.")
    {
        StatusCode = statusCode;
        Body = body;
    }

    public InvokeResponseException()
    {
    }

    public InvokeResponseException(string message) : base(message)
    {
    }

    public InvokeResponseException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public int StatusCode { get; } = 500;

    public object? Body { get; }

    public InvokeResponse ToInvokeResponse() => new(StatusCode, Body);
}
