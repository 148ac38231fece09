using System.Buffers;
using System.Diagnostics;
using Activity = TeamsEscalationBot.BotFramework.Schema.Activity;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.BotFramework.Authentication;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;

namespace TeamsEscalationBot.BotFramework.Builder;

/// <summary>
/// Turns an HTTP request on the messaging endpoint into a turn: size limit, parsing, authentication, dispatch to the
/// bot, and the HTTP answer (200, or the invoke response; 501 for an invoke nobody answered).
/// </summary>
public sealed partial class CloudAdapter
{
    /// <summary>Largest accepted activity: Teams' own messages are far smaller (about 100 KB at most).</summary>
    public const int MaxRequestBodyBytes = 256 * 1024;

    internal static readonly ActivitySource ActivitySource = new("TeamsEscalationBot.BotFramework");

    private readonly BotAuthenticator _authenticator;
    private readonly IConnectorClient _connector;
    private readonly ILogger<CloudAdapter> _logger;

    public CloudAdapter(BotAuthenticator authenticator, IConnectorClient connector, ILogger<CloudAdapter> logger)
    {
        _authenticator = authenticator;
        _connector = connector;
        _logger = logger;
    }

    public async Task ProcessAsync(HttpContext httpContext, IBot bot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(bot);
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            httpContext.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        // The token first: without a valid one nothing else about the request matters, and its body is never parsed.
        var token = await _authenticator.ValidateTokenAsync(httpContext.Request.Headers.Authorization, cancellationToken);
        if (token.Outcome is { Succeeded: false } rejected)
        {
            httpContext.Response.StatusCode = rejected.StatusCode;
            return;
        }

        var (activity, status) = await ReadActivityAsync(httpContext.Request, cancellationToken);
        if (activity is null)
        {
            httpContext.Response.StatusCode = status;
            return;
        }

        var outcome = _authenticator.AuthenticateActivity(token, activity);
        if (!outcome.Succeeded)
        {
            httpContext.Response.StatusCode = outcome.StatusCode;
            return;
        }

        var invoke = await RunTurnAsync(activity, outcome.Identity!, bot, cancellationToken);
        await WriteResponseAsync(httpContext.Response, activity, invoke, cancellationToken);
    }

    /// <summary>Runs <paramref name="callback"/> in a conversation the bot knows, outside any inbound request (proactive messages).</summary>
    public async Task ContinueConversationAsync(ConversationReference reference, Func<ITurnContext, CancellationToken, Task> callback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(callback);
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "ContinueConversation",
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            Conversation = reference.Conversation,
            From = reference.User,
            Recipient = reference.Bot,
            Locale = reference.Locale,
            Id = reference.ActivityId,
        };
        await callback(new TurnContext(activity, new ClaimsIdentity(), _connector), cancellationToken);
    }

    private async Task<InvokeResponse?> RunTurnAsync(Activity activity, ClaimsIdentity identity, IBot bot, CancellationToken cancellationToken)
    {
        using var trace = ActivitySource.StartActivity($"bot turn {activity.Type}", ActivityKind.Server);
        trace?.SetTag("bot.activity.type", activity.Type);
        trace?.SetTag("bot.activity.name", activity.Name);
        var turn = new TurnContext(activity, identity, _connector);
        try
        {
            await bot.OnTurnAsync(turn, cancellationToken);
            return turn.InvokeResponse;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTurnFailed(_logger, activity.Type, activity.Name, ex);
            trace?.SetStatus(ActivityStatusCode.Error);
            return FailureResponse(activity);
        }
    }

    /// <summary>
    /// A card action must still get HTTP 200 with an error body (Teams shows "Unable to reach app" otherwise);
    /// other turns surface the failure as a 500.
    /// </summary>
    private static InvokeResponse FailureResponse(Activity activity) =>
        activity.Type == ActivityTypes.Invoke && activity.Name == InvokeNames.AdaptiveCardAction
            ? new InvokeResponse(200, AdaptiveCardInvokeResponse.Error(500, "InternalError", "Something went wrong. Please try again."))
            : new InvokeResponse(500);

    private static async Task WriteResponseAsync(HttpResponse response, Activity activity, InvokeResponse? invoke, CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.Invoke)
        {
            response.StatusCode = invoke?.Status == 500 ? 500 : 200;
            return;
        }

        if (invoke is null)
        {
            response.StatusCode = 501;
            return;
        }

        response.StatusCode = invoke.Status;
        if (invoke.Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(response.Body, invoke.Body, invoke.Body.GetType(), BotJson.Options, cancellationToken);
        }
    }

    private static async Task<(Activity? Activity, int Status)> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestBodyBytes + 1);
        try
        {
            var length = await ReadBoundedAsync(request.Body, buffer, cancellationToken);
            if (length > MaxRequestBodyBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }

            var activity = JsonSerializer.Deserialize<Activity>(buffer.AsSpan(0, length), BotJson.Options);
            return string.IsNullOrWhiteSpace(activity?.Type) ? (null, StatusCodes.Status400BadRequest) : (activity, StatusCodes.Status200OK);
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads at most one byte more than the limit (chunked bodies have no Content-Length to check up front).</summary>
    private static async Task<int> ReadBoundedAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
    {
        var limit = MaxRequestBodyBytes + 1;
        var total = 0;
        int read;
        while (total < limit && (read = await body.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot failed to handle a {ActivityType} activity (name {ActivityName})")]
    private static partial void LogTurnFailed(ILogger logger, string? activityType, string? activityName, Exception exception);
}
