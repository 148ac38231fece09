using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;
using TeamsEscalationBot.BotFramework.Connector;

namespace TeamsEscalationBot.BotFramework.Hosting;

/// <summary>
/// The Connector client's resilience pipeline: a bound on the whole call, retries with backoff, a bound on each attempt.
/// A retry is logged as one Warning line (what failed and when the next attempt goes out); Polly's own events, which
/// carry the exception's stack trace for every attempt, are logged at Debug only.
/// </summary>
internal static partial class ConnectorResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, BotFrameworkOptions options, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IConnectorClient).FullName!);
        builder.ConfigureTelemetry(new TelemetryOptions(services.GetRequiredService<IOptions<TelemetryOptions>>().Value)
        {
            SeverityProvider = args => args.Event.Severity == ResilienceEventSeverity.None ? ResilienceEventSeverity.None : ResilienceEventSeverity.Debug,
        });
        builder.AddTimeout(options.ConnectorTimeout)
            .AddRetry(Retry(options, logger))
            .AddTimeout(options.ConnectorAttemptTimeout);
    }

    /// <summary>
    /// Teams asks bots to retry 412, 429, 502, 503 and 504 (and nothing else), with exponential backoff and jitter, and to
    /// honour <c>Retry-After</c>. A wait longer than <see cref="BotFrameworkOptions.MaxRetryAfter"/> is not spent inside
    /// the call: the response goes back to the caller, which reschedules. Nor is any retry made inside a call of a flow
    /// that can come back later (<see cref="ConnectorPatience"/> set, i.e. the outbox): it reschedules the item itself
    /// and its slot goes to other work meanwhile instead of waiting out the backoff.
    /// </summary>
    internal static HttpRetryStrategyOptions Retry(BotFrameworkOptions options, ILogger logger) => new()
    {
        MaxRetryAttempts = Math.Max(1, options.MaxRetries),
        Delay = options.RetryBaseDelay,
        MaxDelay = TimeSpan.FromSeconds(20),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ConnectorPatience.Value is null && IsRetryable(args.Outcome, options.MaxRetryAfter)),
        OnRetry = args =>
        {
            LogRetry(logger, args, options.MaxRetries);
            return ValueTask.CompletedTask;
        },
    };

    internal static bool IsRetryable(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if (response.StatusCode is not (HttpStatusCode.PreconditionFailed or HttpStatusCode.TooManyRequests or
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
        {
            return false;
        }

        return RetryAfterHeader.Read(response) is not { } wait || wait <= maxRetryAfter;
    }

    /// <summary>
    /// Why an attempt failed, in words safe for a log: the status code, or the exception's type and message (network
    /// errors and timeouts name a host and a duration, never a token or a body).
    /// </summary>
    internal static string Reason(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException error => $"{nameof(HttpRequestException)} ({error.HttpRequestError}): {error.Message}",
        { } error => $"{error.GetType().Name}: {error.Message}",
        null => $"{(int)outcome.Result!.StatusCode} {outcome.Result.StatusCode}",
    };

    private static void LogRetry(ILogger logger, OnRetryArguments<HttpResponseMessage> args, int maxRetries)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            return;
        }

        var request = args.Context.GetRequestMessage();
        LogRetrying(
            logger,
            request?.Method.Method ?? "request",
            request?.RequestUri?.Authority ?? "the Connector",
            Reason(args.Outcome),
            args.AttemptNumber + 1,
            maxRetries,
            args.RetryDelay);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Method} to {Host} failed ({Reason}); retry {Retry} of {MaxRetries} in {Delay}")]
    private static partial void LogRetrying(ILogger logger, string method, string host, string reason, int retry, int maxRetries, TimeSpan delay);
}
