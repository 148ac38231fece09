using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness.Playground;

/// <summary>A message the bot posted or updated, as the playground showed it (its WebSocket event stream).</summary>
/// <param name="Sequence">Position in the stream (0-based); <see cref="PlaygroundClient.Mark"/> returns the next one.</param>
/// <param name="Action"><c>createMessage</c> or <c>updateMessage</c>.</param>
/// <param name="ConversationId">The chat, the channel, or a thread (<c>channel;messageid=root</c>) for replies.</param>
public sealed record PlaygroundMessage(
    int Sequence, string Action, string ConversationId, string MessageId, string? Text, IReadOnlyList<JsonObject> Cards)
{
    public bool IsNew => Action == "createMessage";

    public JsonObject? Card => Cards.Count > 0 ? Cards[0] : null;
}

/// <summary>
/// Drives the Microsoft 365 Agents Playground the way its web UI does, through its HTTP test-driver API (send a message
/// as a user, press an <c>Action.Execute</c> button, send a ready-made activity) and watches what the bot posts through
/// the playground's WebSocket event stream. Every call and wait is bounded.
/// </summary>
public sealed class PlaygroundClient : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sync = new();
    private readonly List<PlaygroundMessage> _messages = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private string? _streamError;

    private PlaygroundClient(Uri playgroundUrl)
    {
        _http = new HttpClient { BaseAddress = playgroundUrl, Timeout = RequestTimeout };
        _socket = new ClientWebSocket();
    }

    /// <summary>Opens the event stream first: the playground buffers events only until a client connects.</summary>
    public static async Task<PlaygroundClient> ConnectAsync(Uri playgroundUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(playgroundUrl);
        var client = new PlaygroundClient(playgroundUrl);
        var stream = new UriBuilder(playgroundUrl) { Scheme = "ws", Path = "/_ws_conversation/v1/conversations/stream" }.Uri;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(RequestTimeout);
        await client._socket.ConnectAsync(stream, limit.Token);
        client._reader = client.ReadEventsAsync();
        return client;
    }

    /// <summary>The sequence number the next message will get: wait for messages after this point.</summary>
    public int Mark()
    {
        lock (_sync)
        {
            return _messages.Count;
        }
    }

    public IReadOnlyList<PlaygroundMessage> Messages
    {
        get
        {
            lock (_sync)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The mock world (<c>config</c> of <c>GET /_internal/v1/config</c>); the playground first waits for the bot endpoint.</summary>
    public async Task<JsonObject> GetConfigAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "/_internal/v1/config", null, cancellationToken))!["config"]!.AsObject();

    /// <summary>Sends one of the playground's ready-made activities (install, botAdded, …) in a conversation.</summary>
    public async Task SendTemplateActivityAsync(string conversationId, string type, CancellationToken cancellationToken)
    {
        var template = await SendAsync(
            HttpMethod.Get, $"/_internal/v1/customActivities/template?conversationId={Uri.EscapeDataString(conversationId)}&type={type}", null, cancellationToken);
        await SendAsync(HttpMethod.Post, "/_internal/v1/customActivities", template, cancellationToken);
    }

    /// <summary>A user types <paramref name="text"/> in a conversation they belong to.</summary>
    public Task SendMessageAsync(string conversationId, string fromId, string text, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            $"/_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages",
            new JsonObject { ["from"] = new JsonObject { ["id"] = fromId }, ["text"] = text, ["textFormat"] = "plain" },
            cancellationToken);

    /// <summary>
    /// A user presses an <c>Action.Execute</c> button on the bot's message <paramref name="replyToId"/>; the answer is the
    /// bot's invoke response as the playground passes it on (<c>{type, value}</c>; a card answer also replaces the message).
    /// </summary>
    public async Task<JsonObject> ExecuteAsync(
        string conversationId, string fromId, string replyToId, string verb, JsonObject data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var invoke = new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = fromId },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["replyToId"] = replyToId,
        };
        return (await SendAsync(HttpMethod.Post, "/_conversation/v1/invoke", invoke, cancellationToken))!.AsObject();
    }

    /// <summary>The first message from <paramref name="since"/> on that <paramref name="match"/> accepts; bounded.</summary>
    public async Task<PlaygroundMessage> WaitForAsync(
        string description, int since, Func<PlaygroundMessage, bool> match, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                var found = _messages.Skip(since).FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No {description} within {timeout.TotalSeconds:0} s. {Describe(since)}");
            }
        }
    }

    /// <summary>What arrived since <paramref name="since"/>, one line per message, for failure messages.</summary>
    public string Describe(int since)
    {
        var lines = Messages.Skip(since).Select(m =>
            $"#{m.Sequence} {m.Action} in {m.ConversationId}: {m.Text ?? string.Join(" | ", m.Cards.SelectMany(CardView.Texts).Take(4))}");
        var error = _streamError is null ? string.Empty : $" (event stream ended: {_streamError})";
        return $"Messages since #{since}{error}:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            // The socket is aborted below either way.
        }

        _socket.Abort();
        _socket.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }

        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private async Task ReadEventsAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    _streamError = "the playground closed it";
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Add(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (WebSocketException ex)
        {
            _streamError = ex.Message;
        }
    }

    private void Add(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject e ||
            e["action"]?.GetValue<string>() is not ("createMessage" or "updateMessage") ||
            e["message"] is not JsonObject m)
        {
            return;
        }

        var cards = (m["attachments"] as JsonArray ?? [])
            .Where(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
            .Select(a => a!["content"]!.DeepClone().AsObject())
            .ToList();
        lock (_sync)
        {
            _messages.Add(new PlaygroundMessage(
                _messages.Count, e["action"]!.GetValue<string>(), e["actionConversationId"]?.GetValue<string>() ?? string.Empty,
                m["messageId"]?.ToString() ?? string.Empty, m["text"]?.GetValue<string>(), cards));
            _changed.TrySetResult();
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
