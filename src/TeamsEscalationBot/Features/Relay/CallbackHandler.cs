using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

/// <summary>
/// <c>callback</c>: POSTs the complaint's answer and state (<see cref="CallbackPayload"/>) to the callback URL its
/// source gave, signed with the source's secret (<see cref="CallbackSignature"/>). The URL is checked again at send
/// time (https, host still allowed for the source), since configuration may have changed since intake. 2xx →
/// CallbackDelivered; 408/429/5xx and network errors → retried (Retry-After honoured) until the last attempt; any
/// other answer, a refused URL or a missing secret → CallbackFailed with the reason, not retried.
/// </summary>
internal sealed partial class CallbackHandler(
    IComplaintStore store,
    ComplaintService complaints,
    IHttpClientFactory httpClients,
    IOptions<IntakeOptions> intake,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<CallbackHandler> logger) : IOutboxHandler
{
    public string Kind => OutboxKinds.Callback;

    /// <summary>The social tool's callback, on its own: never held back by the department thread's throttling.</summary>
    public string? Lane => OutboxKinds.Callback;

    public async Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var complaint = await store.GetAsync(item.ComplaintId, cancellationToken);
        if (complaint is null)
        {
            return OutboxResult.Failed($"complaint {item.ComplaintId} does not exist");
        }

        if (complaint.CallbackUrl is not { } url || AlreadyCalledBack(complaint, item))
        {
            return OutboxResult.Done;
        }

        var source = intake.Value.Sources.GetValueOrDefault(complaint.Source);
        if (Refuse(url, complaint.Source, source) is { } refusal)
        {
            return await FailAsync(complaint.Id, refusal, cancellationToken);
        }

        return await PostAsync(item, complaint, url, source!.CallbackSecret!, cancellationToken);
    }

    private async Task<OutboxResult> PostAsync(OutboxItem item, Complaint complaint, Uri url, string secret, CancellationToken cancellationToken)
    {
        var body = CallbackPayload.From(complaint).ToUtf8Json();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(CallbackSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(secret, timestamp, body));
        try
        {
            using var response = await httpClients.CreateClient(CallbackHttp.ClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                LogDelivered(logger, complaint.Id, url.IdnHost, status);
                await complaints.RecordAsync(complaint.Id, c => c.RecordCallbackDelivered($"{url.IdnHost} answered {status}.", complaint.Version, time.GetUtcNow()), null, cancellationToken);
                return OutboxResult.Done;
            }

            var reason = $"{url.IdnHost} answered {status}" + (status is >= 300 and < 400 ? " (redirects are not followed)." : ".");
            return IsTransient(response.StatusCode)
                ? await RetryAsync(item, complaint.Id, reason, RetryAfter(response), cancellationToken)
                : await FailAsync(complaint.Id, reason, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackAddressRefusedException refused)
        {
            return await FailAsync(complaint.Id, refused.Message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return await RetryAsync(item, complaint.Id, $"{url.IdnHost} could not be reached: {ex.Message}", null, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await RetryAsync(item, complaint.Id, $"{url.IdnHost} did not answer within Relay:Callback:Timeout.", null, cancellationToken);
        }
    }

    /// <summary>Why the URL may not be called now; null when it may.</summary>
    private static string? Refuse(Uri url, string sourceName, IntakeSourceOptions? source)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return $"The callback URL must use https; '{url.Scheme}' is refused.";
        }

        if (source is null || !source.AllowedCallbackHosts.Any(h => CallbackHosts.Matches(url.IdnHost, h)))
        {
            return $"The callback host '{url.IdnHost}' is not allowed for source '{sourceName}' (Intake:Sources:{sourceName}:AllowedCallbackHosts).";
        }

        if (!source.AllowsCallbackPort(url.Port))
        {
            return $"The callback port {url.Port.ToString(CultureInfo.InvariantCulture)} is not allowed for source '{sourceName}': 443 only, unless Intake:Sources:{sourceName}:AllowedCallbackPorts lists it.";
        }

        return string.IsNullOrWhiteSpace(source.CallbackSecret)
            ? $"Intake:Sources:{sourceName}:CallbackSecret is not configured, so the callback cannot be signed."
            : null;
    }

    /// <summary>
    /// A delivered callback already carried this item's version or a newer one. Compared by the version sent, not by
    /// where the event stands: a POST of an older state can be recorded after this item was written.
    /// </summary>
    private static bool AlreadyCalledBack(Complaint complaint, OutboxItem item)
    {
        var version = ReadVersion(item);
        return version is not null && complaint.History.Any(e => e.Kind == ComplaintEventKind.CallbackDelivered && e.SentVersion >= version);
    }

    private static long? ReadVersion(OutboxItem item)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<OutboxPayloads.Callback>(item.PayloadJson, StorageJson.Options)?.Version;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<OutboxResult> RetryAsync(OutboxItem item, string complaintId, string reason, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        if (item.IsLastAttempt(storage.Value.Outbox))
        {
            return await FailAsync(complaintId, $"Gave up after {item.Attempt + 1} attempts; last: {reason}", cancellationToken);
        }

        LogRetry(logger, complaintId, item.Attempt + 1, reason);
        return retryAfter is { } wait ? OutboxResult.RetryAfter(wait, reason) : OutboxResult.Retry(reason);
    }

    private async Task<OutboxResult> FailAsync(string complaintId, string reason, CancellationToken cancellationToken)
    {
        await complaints.RecordAsync(complaintId, c => c.RecordCallbackFailed(reason, time.GetUtcNow()), null, cancellationToken);
        return OutboxResult.Failed(reason);
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value ? (value < TimeSpan.Zero ? TimeSpan.Zero : value) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId}: callback to {Host} answered {Status}")]
    private static partial void LogDelivered(ILogger logger, string complaintId, string host, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: callback attempt {Attempt} failed, will retry: {Reason}")]
    private static partial void LogRetry(ILogger logger, string complaintId, int attempt, string reason);
}
