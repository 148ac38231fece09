using System.Net;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// A Connector call that failed after the client's own bounded retries. <see cref="RetryAfter"/> is set when the
/// service asked the caller to come back later (429/503 with <c>Retry-After</c>).
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public ConnectorException()
    {
    }

    public ConnectorException(string message) : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The Connector's error code (e.g. <c>ConversationNotFound</c>, <c>BotNotInConversationRoster</c>) when it sent one.</summary>
    public string? ErrorCode { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>True for failures worth trying again later: 412, 429, 5xx (except 501/505) and request timeouts.</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.TooManyRequests or
        HttpStatusCode.RequestTimeout or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or
        HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;
}

/// <summary>The service URL is not one the bot trusts with its token; nothing was sent.</summary>
public sealed class UntrustedServiceUrlException : InvalidOperationException
{
    public UntrustedServiceUrlException(Uri serviceUrl)
        : base($"Refusing to call the untrusted service URL '{serviceUrl.GetLeftPart(UriPartial.Authority)}'.")
    {
    }

    public UntrustedServiceUrlException()
    {
    }

    public UntrustedServiceUrlException(string message) : base(message)
    {
    }

    public UntrustedServiceUrlException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
