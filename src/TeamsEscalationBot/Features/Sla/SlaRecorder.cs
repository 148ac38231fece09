using System.Text.Json;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// Keeps a complaint's clocks with every write (<see cref="ISlaRecorder"/>, called by the store): starts a clock for each
/// new clock start with the policies in force, works out the instants the store indexes, and schedules an
/// <c>update-card</c> item at each coming band change, so the channel card turns "due soon" and "overdue" by itself
/// without anyone polling. A refresh already waiting is not scheduled again; one that a later change made pointless
/// just re-renders the card as it is. The indexed next-due instant is the next escalation level not yet recorded
/// (reminder, breach, second level: <see cref="SlaEscalations.NextDueAt"/>), what the escalation scheduler wakes up for.
/// </summary>
internal sealed partial class SlaRecorder(
    IOptions<SlaOptions> options, ILogger<SlaRecorder> logger, IOptions<SlaEscalationOptions>? escalation = null) : ISlaRecorder
{
    /// <summary>Band changes ahead that are scheduled: on track → due soon → overdue is two; the rest is a margin.</summary>
    private const int MaxScheduledChanges = 4;

    private static readonly string RefreshPayload = JsonSerializer.Serialize(new OutboxPayloads.UpdateCard(), StorageJson.Options);

    private readonly Lazy<SlaPolicySet> policies = new(() => options.Value.ToPolicySet());

    private readonly Lazy<EscalationPolicy> levels = new(() => escalation?.Value.ToPolicy() ?? EscalationPolicy.Default);

    public SlaWrite Record(Complaint complaint, SlaRecord? stored, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        try
        {
            var clocks = SlaClocks.StartNew(complaint, stored?.Clocks ?? [], policies.Value);
            var at = SlaRecords.Later(now, complaint);
            var status = SlaClocks.Evaluate(complaint, clocks, at, SlaRecords.FindTimeZone);
            var waiting = (stored?.RefreshesAt ?? []).Where(t => t > at).ToHashSet();
            var refreshes = BandChanges(complaint, clocks, status).Where(t => !waiting.Contains(t)).ToList();
            var record = new SlaRecord
            {
                Clocks = clocks,
                Band = status.Band,
                NextDueAt = SlaEscalations.NextDueAt(complaint, clocks, at, levels.Value, SlaRecords.FindTimeZone),
                DueSoonAt = status.DueSoonAt,
                OverdueAt = status.DueAt,
                RefreshesAt = [.. waiting.Concat(refreshes).Order()],
            };
            return new SlaWrite(record, [.. refreshes.Select(t => OutboxItem.Create(OutboxKinds.UpdateCard, complaint.Id, RefreshPayload, t))]);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The complaint is written anyway; without indexed instants it is simply not listed as due until it changes.
            LogNotRecorded(logger, complaint.Id, ex);
            return new SlaWrite(stored is null ? null : stored with { NextDueAt = null, DueSoonAt = null, OverdueAt = null }, []);
        }
    }

    /// <summary>Every instant after the status at which the band changes if nothing happens, in order.</summary>
    private static List<DateTimeOffset> BandChanges(Complaint complaint, IReadOnlyList<SlaClock> clocks, SlaStatus status)
    {
        var changes = new List<DateTimeOffset>();
        for (var next = status.NextChangeAt; next is { } at && changes.Count < MaxScheduledChanges;
             next = SlaClocks.Evaluate(complaint, clocks, at, SlaRecords.FindTimeZone).NextChangeAt)
        {
            changes.Add(at);
        }

        return changes;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The service-level clocks of complaint {ComplaintId} could not be worked out; it is stored without them")]
    private static partial void LogNotRecorded(ILogger logger, string complaintId, Exception exception);
}
