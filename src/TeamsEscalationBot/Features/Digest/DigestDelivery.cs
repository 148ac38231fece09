using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>What one digest is about: whose, which period, in which zone and language, which departments.</summary>
internal sealed record DigestSubject(
    string RecipientAadObjectId, DigestCadence Cadence, ComparedPeriods Periods, TimeZoneInfo TimeZone, IReadOnlyList<string> Departments, string? Locale, bool Late);

/// <summary>
/// Computes a digest with the report's own calculation (<see cref="ReportSummaries"/>, as <c>GET /api/reports/summary</c>
/// does) and delivers a recorded one into the recipient's 1:1 chat the way the relay does (<see cref="RelayDelivery"/>:
/// the stored chat, or a chat opened and the app installed through Graph when needed), within the Connector's rate
/// limit. A failed attempt is retried with backoff; after <c>Digest:MaxAttempts</c> the send is recorded as failed.
/// </summary>
internal sealed partial class DigestDelivery(
    ReportSummaries summaries,
    IDigestMessages messages,
    RelayDelivery delivery,
    IDigestSendStore store,
    IOptions<DigestOptions> options,
    TimeProvider time,
    ILogger<DigestDelivery> logger)
{
    /// <summary>How long an attempt holds a pending send before another pass may take it (a crash mid-attempt).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The digest message for <paramref name="subject"/>: the figures now, through the report's calculation.</summary>
    public async Task<Activity> ComposeAsync(DigestSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var request = new ReportRequest
        {
            Period = subject.Periods.Current,
            PreviousPeriod = subject.Periods.Previous,
            DepartmentIds = subject.Departments.Count == 0 ? null : subject.Departments,
            TimeZone = subject.TimeZone,
        };
        var result = await summaries.SummarizeAsync(request, cancellationToken);
        return messages.Compose(new DigestCardInput
        {
            Summary = result.Summary,
            Cadence = subject.Cadence,
            Locale = subject.Locale,
            TimeZone = subject.TimeZone,
            Late = subject.Late,
            FullReportUrl = ReportUrl(subject),
        });
    }

    /// <summary>
    /// One attempt at a recorded send: taken (a conditional update that moves its next attempt ahead, so no other pass
    /// or instance takes it meanwhile), composed, posted, and recorded as sent — or scheduled again, or failed.
    /// </summary>
    public async Task DeliverAsync(StoredDigestSend stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var now = time.GetUtcNow();
        var attempt = stored.Send with { Attempts = stored.Send.Attempts + 1, NextAttemptAt = now + AttemptTimeout };
        if (await store.TryReplaceAsync(attempt, stored.Version, cancellationToken) is not { } version)
        {
            return;
        }

        var outcome = await TryDeliverAsync(attempt, cancellationToken);
        var settings = options.Value;
        var finished = outcome switch
        {
            DeliveryOutcome.Delivered delivered => attempt with
            {
                State = DigestSendState.Sent,
                SentAt = time.GetUtcNow(),
                ConversationId = delivered.ConversationId,
                ActivityId = delivered.ActivityId,
                LastError = null,
            },
            DeliveryOutcome.Transient transient when attempt.Attempts < settings.MaxAttempts => attempt with
            {
                NextAttemptAt = time.GetUtcNow() + RetryDelay(attempt.Attempts, transient.RetryAfter, settings),
                LastError = transient.Reason,
            },
            DeliveryOutcome.Transient transient => attempt with { State = DigestSendState.Failed, LastError = transient.Reason },
            DeliveryOutcome.Impossible impossible => attempt with { State = DigestSendState.Failed, LastError = impossible.Reason },
            _ => throw new InvalidOperationException($"Unknown delivery outcome {outcome}."),
        };

        // Not cancellable: once posted, the record must say so (a crash here is the one window that repeats a digest).
        if (await store.TryReplaceAsync(finished, version, CancellationToken.None) is null)
        {
            LogLostRecord(logger, finished.Key);
            return;
        }

        switch (finished.State)
        {
            case DigestSendState.Sent:
                LogSent(logger, finished.Cadence, finished.RecipientAadObjectId, finished.FirstDay, finished.Late, finished.Attempts);
                break;
            case DigestSendState.Failed:
                LogFailed(logger, finished.Cadence, finished.RecipientAadObjectId, finished.FirstDay, finished.Attempts, finished.LastError);
                break;
            default:
                LogRetrying(logger, finished.Cadence, finished.RecipientAadObjectId, finished.FirstDay, finished.Attempts, finished.NextAttemptAt, finished.LastError);
                break;
        }
    }

    private async Task<DeliveryOutcome> TryDeliverAsync(DigestSend send, CancellationToken cancellationToken)
    {
        Activity message;
        try
        {
            var zone = CardOptions.FindTimeZone(send.TimeZoneId)
                ?? throw new InvalidOperationException($"Time zone '{send.TimeZoneId}' is not known on this machine.");
            message = await ComposeAsync(
                new DigestSubject(send.RecipientAadObjectId, send.Cadence, send.Periods, zone, send.Departments, send.Locale, send.Late), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store could not be read (or the zone is gone): worth another try later.
            LogComposeFailed(logger, ex, send.Key);
            return new DeliveryOutcome.Transient($"The digest could not be computed: {ex.GetType().Name}.");
        }

        return await delivery.ToPersonalChatAsync(
            send.RecipientAadObjectId, message, teamId: null, $"Digest {send.Cadence} {send.FirstDay:yyyy-MM-dd}", cancellationToken);
    }

    private static TimeSpan RetryDelay(int failedAttempts, TimeSpan? retryAfter, DigestOptions settings)
    {
        var backoff = OutboxBackoff.Delay(failedAttempts, settings.RetryBaseDelay, settings.RetryMaxDelay, Random.Shared.NextDouble());
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }

    /// <summary>"Open the full report": <c>Digest:ReportUrl</c> with the digest's period, zone and (a single) department.</summary>
    private Uri? ReportUrl(DigestSubject subject)
    {
        if (options.Value.ReportUrl is not { } url)
        {
            return null;
        }

        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"?from={Instant(subject.Periods.Current.From)}&to={Instant(subject.Periods.Current.To)}&timeZone={Uri.EscapeDataString(subject.TimeZone.Id)}");
        if (subject.Departments is [var only])
        {
            query += "&department=" + Uri.EscapeDataString(only);
        }

        return new Uri(url.GetLeftPart(UriPartial.Path) + query);
    }

    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Cadence} digest of {FirstDay} sent to {Recipient} (late: {Late}, attempt {Attempts})")]
    private static partial void LogSent(ILogger logger, DigestCadence cadence, string recipient, DateOnly firstDay, bool late, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cadence} digest of {FirstDay} for {Recipient}: attempt {Attempts} failed, next at {NextAttemptAt:O}: {Reason}")]
    private static partial void LogRetrying(ILogger logger, DigestCadence cadence, string recipient, DateOnly firstDay, int attempts, DateTimeOffset nextAttemptAt, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Cadence} digest of {FirstDay} for {Recipient} failed after {Attempts} attempt(s) and will not be sent: {Reason}")]
    private static partial void LogFailed(ILogger logger, DigestCadence cadence, string recipient, DateOnly firstDay, int attempts, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest {Key} could not be computed")]
    private static partial void LogComposeFailed(ILogger logger, Exception error, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {Key} changed in the store during an attempt; its outcome was not recorded")]
    private static partial void LogLostRecord(ILogger logger, string key);
}
