using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// <see cref="IConnectorClient"/> over a typed <see cref="HttpClient"/> whose handler pipeline adds retries, the client-side
/// rate limiter and the bearer token (see <c>AddAgentCore</c>). Network failures and timeouts surface as
/// <see cref="HttpRequestException"/>.
/// </summary>
internal sealed class ConnectorClient(HttpClient http, ServiceUrlTrust trust) : IConnectorClient
{
    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.ReplyToId ??= activityId;
        return SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);
    }

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id = activityId;
        return SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);
    }

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null, cancellationToken);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        // A new thread counts against its channel's limits; a new 1:1 chat against the "create" bucket.
        var rateKey = parameters.ChannelData?.Channel?.Id ?? "create-conversation";
        return SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, rateKey, "v3/conversations", parameters, cancellationToken);
    }

    public Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default) =>
        SendAsync<TeamsChannelAccount>(HttpMethod.Get, serviceUrl, conversationId, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string rateKey, string path, object? body, CancellationToken cancellationToken)
        where T : class, new()
    {
        var uri = BuildUri(serviceUrl, path);
        using var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ConnectorRequestOptions.ConversationKey, ThreadKey(rateKey));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ProtocolJsonSerializer.SerializationOptions);
        }

        using var response = await SendWithinTimeoutAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, method, cancellationToken);
        }

        if (response.Content.Headers.ContentLength == 0 || response.StatusCode == HttpStatusCode.NoContent)
        {
            return new T();
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text) ? new T() : JsonSerializer.Deserialize<T>(text, ProtocolJsonSerializer.SerializationOptions) ?? new T();
    }

    /// <summary>
    /// A call that runs out of <c>Bot:ConnectorTimeout</c> (or its last attempt out of <c>Bot:ConnectorAttemptTimeout</c>)
    /// fails like an unreachable service, so callers handle it as the transient network failure it is.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithinTimeoutAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new HttpRequestException(
                HttpRequestError.Unknown,
                $"The Bot Connector did not answer {request.Method} within {ex.Timeout.TotalSeconds:0.###} s ({request.RequestUri?.Authority}).",
                ex);
        }
    }

    private Uri BuildUri(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri))
        {
            throw new ArgumentException("The service URL is not an absolute URL.", nameof(serviceUrl));
        }

        if (!trust.IsTrusted(baseUri))
        {
            throw new UntrustedServiceUrlException(baseUri);
        }

        var root = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        return new Uri(root, path);
    }

    private static async Task<ConnectorException> ToExceptionAsync(HttpResponseMessage response, HttpMethod method, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = ConnectorError.Parse(text);
        var retryAfter = RetryAfterHeader.Read(response);
        return new ConnectorException(
            response.StatusCode,
            code,
            $"Connector {method} failed with {(int)response.StatusCode} {code}: {message}".TrimEnd(' ', ':'),
            retryAfter);
    }

    /// <summary>Teams' per-thread limits count a channel thread against its channel.</summary>
    private static string ThreadKey(string conversationId)
    {
        var separator = conversationId.IndexOf(';', StringComparison.Ordinal);
        return separator < 0 ? conversationId : conversationId[..separator];
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}

/// <summary>Request options the Connector handler pipeline reads.</summary>
internal static class ConnectorRequestOptions
{
    public static readonly HttpRequestOptionsKey<string> ConversationKey = new("bot.connector.conversation");
}

/// <summary>Reads the Connector's error bodies, which come in more than one shape.</summary>
internal static class ConnectorError
{
    public static (string? Code, string? Message) Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (ReadString(error, "code"), ReadString(error, "message"));
            }

            // {"errorCode":209,"message":"{\"errorCode\":209,\"subCode\":\"MessageWritesBlocked\"}"}
            var subCode = ReadString(root, "message") is { } inner && inner.Contains("subCode", StringComparison.Ordinal)
                ? ReadSubCode(inner)
                : null;
            return (subCode ?? ReadString(root, "code"), ReadString(root, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? ReadSubCode(string inner)
    {
        try
        {
            using var document = JsonDocument.Parse(inner);
            return ReadString(document.RootElement, "subCode");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}

/// <summary><c>Retry-After</c> as delta-seconds or HTTP-date.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider? time = null)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - (time ?? TimeProvider.System).GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
