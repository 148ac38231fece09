using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.BotFramework.Authentication;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using Activity = TeamsEscalationBot.BotFramework.Schema.Activity;

namespace TeamsEscalationBot.BotFramework.Hosting;

/// <summary>
/// Turns an HTTP request on the messaging endpoint into a turn: size limit, parsing, authentication, dispatch to the
/// agent, and the HTTP answer (200, or the invoke response; 501 for an invoke nobody answered).
/// </summary>
internal sealed partial class CloudAdapter(BotAuthenticator authenticator, IConnectorClient connector, ILogger<CloudAdapter> logger)
    : IAgentHttpAdapter
{
    /// <summary>Largest accepted activity: Teams' own messages are far smaller (about 100 KB at most).</summary>
    public const int MaxRequestBodyBytes = 256 * 1024;

    private static readonly ActivitySource ActivitySource = new(ServiceCollectionExtensions.TraceSourceName);

    public async Task ProcessAsync(HttpRequest httpRequest, HttpResponse httpResponse, IAgent agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        ArgumentNullException.ThrowIfNull(httpResponse);
        ArgumentNullException.ThrowIfNull(agent);
        if (!HttpMethods.IsPost(httpRequest.Method))
        {
            httpResponse.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (!TryLimitBodySize(httpRequest.HttpContext))
        {
            LogBodyLimitUnavailable(logger);
            httpResponse.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        // The token first: without a valid one nothing else about the request matters, and its body is never read.
        var token = await authenticator.ValidateTokenAsync(httpRequest.Headers.Authorization, cancellationToken);
        if (token.Outcome is { Succeeded: false } rejected)
        {
            httpResponse.StatusCode = rejected.StatusCode;
            return;
        }

        var (activity, status) = await ReadActivityAsync(httpRequest, cancellationToken);
        if (activity is null)
        {
            httpResponse.StatusCode = status;
            return;
        }

        var outcome = authenticator.AuthenticateActivity(token, activity);
        if (!outcome.Succeeded)
        {
            httpResponse.StatusCode = outcome.StatusCode;
            return;
        }

        var invoke = await RunTurnAsync(activity, outcome.Identity!, agent, cancellationToken);
        await WriteResponseAsync(httpResponse, activity, invoke, cancellationToken);
    }

    /// <summary>
    /// The server enforces the limit, for a declared Content-Length and a chunked body alike: reading past it throws a
    /// <see cref="BadHttpRequestException"/> with status 413. A server that cannot limit this request is refused rather
    /// than trusted with an unbounded body.
    /// </summary>
    private static bool TryLimitBodySize(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return false;
        }

        limit.MaxRequestBodySize = MaxRequestBodyBytes;
        return true;
    }

    private async Task<InvokeResponse?> RunTurnAsync(Activity activity, ClaimsIdentity identity, IAgent agent, CancellationToken cancellationToken)
    {
        using var trace = ActivitySource.StartActivity($"bot turn {activity.Type}", ActivityKind.Server);
        trace?.SetTag("bot.activity.type", activity.Type);
        trace?.SetTag("bot.activity.name", activity.Name);
        var turn = new TurnContext(activity, identity, connector);
        try
        {
            await agent.OnTurnAsync(turn, cancellationToken);
            return turn.InvokeResponse;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTurnFailed(logger, activity.Type, activity.Name, ex);
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
            // Serialized before anything is sent, so the answer has a Content-Length and goes out in one write (a card
            // measured against its size limit is written as the measured bytes: IMeasuredJson).
            var json = JsonSerializer.SerializeToUtf8Bytes(invoke.Body, invoke.Body.GetType(), ProtocolJsonSerializer.SerializationOptions);
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = json.Length;
            await response.Body.WriteAsync(json, cancellationToken);
        }
    }

    private static async Task<(Activity? Activity, int Status)> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, ProtocolJsonSerializer.SerializationOptions, cancellationToken);
            return string.IsNullOrWhiteSpace(activity?.Type) ? (null, StatusCodes.Status400BadRequest) : (activity, StatusCodes.Status200OK);
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot failed to handle a {ActivityType} activity (name {ActivityName})")]
    private static partial void LogTurnFailed(ILogger logger, string? activityType, string? activityName, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The server cannot limit the request body of /api/messages (no writable IHttpMaxRequestBodySizeFeature); the request is refused")]
    private static partial void LogBodyLimitUnavailable(ILogger logger);
}
