using System.Globalization;
using System.Text.Json.Serialization;
using TeamsEscalationBot.Domain.Reports;

namespace TeamsEscalationBot.Features.Digest;

internal enum DigestSendState
{
    /// <summary>Recorded and not delivered yet: (re)sent until delivered or out of attempts.</summary>
    Pending,

    /// <summary>Delivered into the recipient's chat.</summary>
    Sent,

    /// <summary>Given up: Teams refused it for good or every attempt failed (an Error in the log).</summary>
    Failed,
}

/// <summary>
/// One scheduled digest for one recipient and period, recorded before it is sent. Its <see cref="Key"/> (recipient,
/// cadence, first day of the period) is unique in the store: whoever records it first sends it, nobody else does.
/// Everything needed to send it is in the record, so a retry sends the same period even if the configuration changed.
/// </summary>
internal sealed record DigestSend
{
    public required string RecipientAadObjectId { get; init; }

    public required DigestCadence Cadence { get; init; }

    /// <summary>The period's first local day in the recipient's time zone: names the period.</summary>
    public required DateOnly FirstDay { get; init; }

    public required DateTimeOffset PeriodFrom { get; init; }

    public required DateTimeOffset PeriodTo { get; init; }

    public required DateTimeOffset PreviousFrom { get; init; }

    public required DateTimeOffset PreviousTo { get; init; }

    public required string TimeZoneId { get; init; }

    public IReadOnlyList<string> Departments { get; init; } = [];

    public string? Locale { get; init; }

    /// <summary>When it fell due (the recipient's local hour).</summary>
    public required DateTimeOffset DueAt { get; init; }

    /// <summary>Recorded well after <see cref="DueAt"/> because the service was not running then: the card says so.</summary>
    public bool Late { get; init; }

    public DigestSendState State { get; init; } = DigestSendState.Pending;

    /// <summary>Delivery attempts begun so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When a pending send may be (re)tried; an attempt in progress moves it ahead, so nobody else takes it meanwhile.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? ConversationId { get; init; }

    public string? ActivityId { get; init; }

    /// <summary>Why the last attempt failed (no personal data).</summary>
    public string? LastError { get; init; }

    [JsonIgnore]
    public string Key => KeyOf(RecipientAadObjectId, Cadence, FirstDay);

    [JsonIgnore]
    public ComparedPeriods Periods => new(new ReportPeriod(PeriodFrom, PeriodTo), new ReportPeriod(PreviousFrom, PreviousTo));

    /// <summary><c>{object id}/{daily|weekly}/{yyyy-MM-dd}</c>, the object id in its lowercase GUID form.</summary>
    public static string KeyOf(string recipientAadObjectId, DigestCadence cadence, DateOnly firstDay) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Guid.TryParse(recipientAadObjectId, out var id) ? id.ToString() : recipientAadObjectId.ToLowerInvariant())}/{cadence.ToString().ToLowerInvariant()}/{firstDay:yyyy-MM-dd}");

    /// <summary>The record of a digest that just fell due for <paramref name="recipient"/>, ready to send.</summary>
    public static DigestSend For(DigestRecipient recipient, DueDigest due, DateTimeOffset now, bool late)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(due);
        return new DigestSend
        {
            RecipientAadObjectId = recipient.AadObjectId,
            Cadence = due.Cadence,
            FirstDay = due.FirstDay,
            PeriodFrom = due.Periods.Current.From,
            PeriodTo = due.Periods.Current.To,
            PreviousFrom = due.Periods.Previous.From,
            PreviousTo = due.Periods.Previous.To,
            TimeZoneId = recipient.TimeZone.Id,
            Departments = recipient.Departments,
            Locale = recipient.Locale,
            DueAt = due.DueAt,
            Late = late,
            NextAttemptAt = now,
            RecordedAt = now,
        };
    }
}

/// <summary>A stored send and its version (a counter in SQLite, the blob's ETag in Azure) for a conditional replace.</summary>
internal sealed record StoredDigestSend(DigestSend Send, string Version);

/// <summary>
/// The durable record of scheduled digests (docs/digest.md): a unique insert per recipient and period, conditional
/// replaces, and the instant the scheduler last looked (so a restart knows which hours it missed).
/// </summary>
internal interface IDigestSendStore
{
    /// <summary>Records a new send; false when one with the same key exists (someone recorded it first).</summary>
    Task<bool> TryAddAsync(DigestSend send, CancellationToken cancellationToken);

    Task<StoredDigestSend?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Pending sends whose next attempt is due at <paramref name="now"/>, earliest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<StoredDigestSend>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Replaces the send if it is still at <paramref name="version"/>: its new version, or null when it changed meanwhile.</summary>
    Task<string?> TryReplaceAsync(DigestSend send, string version, CancellationToken cancellationToken);

    /// <summary>The instant up to which the scheduler has looked for due digests; null before its first look.</summary>
    Task<DateTimeOffset?> GetCheckedUntilAsync(CancellationToken cancellationToken);

    /// <summary>Moves <see cref="GetCheckedUntilAsync"/> forward (never back).</summary>
    Task SetCheckedUntilAsync(DateTimeOffset instant, CancellationToken cancellationToken);
}
