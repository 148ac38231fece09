using System.Runtime.CompilerServices;
using System.Text.Json;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// What a store keeps beside a complaint for its service level (docs/sla.md), written in the same durable step as the
/// complaint: the clocks, the instants the store indexes (so due and overdue complaints are found without reading every
/// complaint), and the band-change refreshes of the channel card already scheduled in the outbox. All instants are as
/// of the write; they hold until the complaint changes again.
/// </summary>
internal sealed record SlaRecord
{
    /// <summary>One clock per clock start in the history, oldest first (see <see cref="SlaClocks.StartNew"/>).</summary>
    public IReadOnlyList<SlaClock> Clocks { get; init; } = [];

    /// <summary>The band when it was written.</summary>
    public SlaBand Band { get; init; }

    /// <summary>The next instant the band changes if nothing happens (<see cref="SlaStatus.NextChangeAt"/>); indexed for a scheduler.</summary>
    public DateTimeOffset? NextDueAt { get; init; }

    /// <summary>When the counting target turns (or turned) due soon (<see cref="SlaStatus.DueSoonAt"/>); indexed.</summary>
    public DateTimeOffset? DueSoonAt { get; init; }

    /// <summary>When the counting target falls (or fell) due: overdue from then on (<see cref="SlaStatus.DueAt"/>); indexed.</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Instants at which an <c>update-card</c> item is already waiting in the outbox, so a later write does not add it again.</summary>
    public IReadOnlyList<DateTimeOffset> RefreshesAt { get; init; } = [];

    public static string Serialize(SlaRecord record) => JsonSerializer.Serialize(record, StorageJson.Options);

    public static SlaRecord? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<SlaRecord>(json, StorageJson.Options);
}

/// <summary>What <see cref="ISlaRecorder"/> adds to a write: the record to store (null: none) and outbox items to write with it.</summary>
internal sealed record SlaWrite(SlaRecord? Record, IReadOnlyList<OutboxItem> Outbox)
{
    public static SlaWrite None { get; } = new(null, []);
}

/// <summary>
/// The one hook every complaint write goes through: a store calls it inside <see cref="IComplaintStore.CreateAsync"/>
/// and <see cref="IComplaintStore.UpdateAsync"/> (with the record stored so far, read in the same transaction or from
/// the same blob version) and writes what it returns together with the complaint, so no code path that changes a
/// complaint can leave its clocks behind. A store without one keeps no record.
/// </summary>
internal interface ISlaRecorder
{
    SlaWrite Record(Complaint complaint, SlaRecord? stored, DateTimeOffset now);
}

/// <summary>
/// The record a store read or wrote, attached to the <see cref="Complaint"/> instance it returned or was given: code
/// that holds a complaint from a store can show its service level without a second read, and what it shows always
/// belongs to that version (a complaint changed in memory and not stored has clocks that no longer fit its history,
/// and <see cref="StatusOf"/> says so by returning null).
/// </summary>
internal static class SlaRecords
{
    private static readonly ConditionalWeakTable<Complaint, SlaRecord> Attached = [];

    /// <summary>The IANA time zone for an id of stored business hours, or null when this machine does not know it.</summary>
    public static TimeZoneInfo? FindTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    public static SlaRecord? Of(Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        return Attached.TryGetValue(complaint, out var record) ? record : null;
    }

    /// <summary>Attaches <paramref name="record"/> (null: removes any) and returns the complaint.</summary>
    public static Complaint Attach(Complaint complaint, SlaRecord? record)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (record is null)
        {
            Attached.Remove(complaint);
        }
        else
        {
            Attached.AddOrUpdate(complaint, record);
        }

        return complaint;
    }

    /// <summary>Gives <paramref name="copy"/> the record of <paramref name="original"/> (a copy made to show the complaint one step ahead).</summary>
    public static Complaint Share(Complaint original, Complaint copy) => Attach(copy, Of(original));

    /// <summary>
    /// The complaint's standing at <paramref name="now"/> from its stored clocks; null when it has no record (stored
    /// before service levels existed, or by a store without a recorder) or the clocks do not fit its history.
    /// </summary>
    public static SlaStatus? StatusOf(Complaint complaint, DateTimeOffset now)
    {
        if (Of(complaint) is not { Clocks.Count: > 0 } record)
        {
            return null;
        }

        try
        {
            return SlaClocks.Evaluate(complaint, record.Clocks, Later(now, complaint), FindTimeZone);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Evaluation needs an instant no earlier than the last event (clocks of other machines may lag a little).</summary>
    public static DateTimeOffset Later(DateTimeOffset now, Complaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        var last = complaint.History.Count > 0 ? complaint.History[^1].At : complaint.CreatedAt;
        return last > now ? last : now;
    }
}
