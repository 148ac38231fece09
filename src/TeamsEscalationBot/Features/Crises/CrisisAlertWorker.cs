using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Leases;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// Delivers crisis alerts during this instance's leadership term: for every crisis the detector holds (open, or handled
/// and cooling down) it brings the stored <see cref="CrisisRecord"/> up to date. Each recipient (every executive, the
/// leads of every department involved, and each such department's channel) gets ONE card, posted once and from then
/// on updated in place whenever the crisis changes; the record stores each card's activity id before anything else
/// happens, so a restart or a retry updates instead of posting again. A failed post is retried with backoff, within
/// <see cref="CrisesOptions.MaxDeliveryAttempts"/>. It also refreshes the channel cards of the crisis's complaints
/// (through the complaint outbox) so that they show, or stop showing, the Crisis badge.
/// </summary>
internal sealed partial class CrisisAlertWorker(
    CrisisWatch watch,
    ICrisisStore store,
    IComplaintStore complaints,
    CrisisDelivery delivery,
    CrisisCardBuilder cards,
    ComplaintRouter router,
    IOptions<CrisesOptions> options,
    IOptions<ExecutiveOptions> executives,
    ILeadership leadership,
    CrisisSignal signal,
    OutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<CrisisAlertWorker> logger) : BackgroundService
{
    private const int MaxRecordAttempts = 5;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>What a card shows, so an unchanged crisis is not sent again.</summary>
    public static string Fingerprint(Crisis crisis, IReadOnlyList<string> departmentIds) => string.Create(
        CultureInfo.InvariantCulture,
        $"{crisis.State}|{crisis.ComplaintIds.Count}|{crisis.LastUpdatedAt.UtcTicks}|{crisis.HandledAt?.UtcTicks}|{departmentIds.Count}");

    /// <summary>One pass over the detector's crises; returns when the next retry is due (null: nothing waits).</summary>
    public async Task<DateTimeOffset?> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        var snapshot = await watch.SnapshotAsync(cancellationToken, fresh: true);
        foreach (var crisis in snapshot.Crises)
        {
            var due = await ReconcileAsync(crisis, cancellationToken);
            if (due is { } at && (next is null || at < next))
            {
                next = at;
            }
        }

        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        while (await leadership.NextTermAsync(stoppingToken) is { } term)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            while (!linked.IsCancellationRequested)
            {
                var wait = settings.PollInterval;
                try
                {
                    if (await RunOnceAsync(linked.Token) is { } due)
                    {
                        var until = due - time.GetUtcNow();
                        wait = until < TimeSpan.Zero ? TimeSpan.Zero : until < wait ? until : wait;
                    }

                    await signal.WaitAsync(wait, time, linked.Token);
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // The loop must survive a storage or Teams outage; it logs and tries again.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogPassFailed(logger, ex);
                    await Task.Delay(settings.PollInterval, time, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
    }

    /// <summary>Brings one crisis's record and cards up to date; returns when a retry is due.</summary>
    private async Task<DateTimeOffset?> ReconcileAsync(Crisis crisis, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(crisis.Id, cancellationToken);
        var record = stored?.Value ?? new CrisisRecord { Id = crisis.Id, Crisis = crisis };
        var version = stored?.Version;
        record = record with { Crisis = crisis };
        record = await RouteAsync(record, cancellationToken);
        record = record with { Alerts = Recipients(record) };

        var texts = options.Value.Language;
        var names = record.DepartmentIds.Select(id => router.FindDepartment(id)?.Name ?? id).ToList();
        var shown = Fingerprint(crisis, record.DepartmentIds);
        DateTimeOffset? next = null;
        for (var i = 0; i < record.Alerts.Count; i++)
        {
            var alert = record.Alerts[i];
            if (alert.GaveUp || alert.Shown == shown)
            {
                continue;
            }

            if (alert.NotBefore is { } notBefore && notBefore > time.GetUtcNow())
            {
                next = next is null || notBefore < next ? notBefore : next;
                continue;
            }

            var card = alert.Kind == CrisisAlertKind.Person ? cards.Alert(crisis, names, texts) : cards.Banner(crisis, names, texts);
            var message = BotMessages.Card(card, Localization.Texts.For(texts).Format("Crisis_Fallback", crisis.ComplaintIds.Count));
            var outcome = alert.IsPosted ? await delivery.UpdateAsync(alert, message, cancellationToken) : await PostAsync(alert, message, cancellationToken);
            var updated = Apply(alert, outcome, shown, crisis.Id);
            var alerts = record.Alerts.ToList();
            alerts[i] = updated;
            record = record with { Alerts = alerts };
            if (updated.NotBefore is { } retry && !updated.GaveUp && updated.Shown != shown)
            {
                next = next is null || retry < next ? retry : next;
            }

            if (!alert.IsPosted && updated.IsPosted)
            {
                // Stored before the next post: after a crash, this card is updated, never posted again.
                (record, version) = await SaveAsync(record, version, cancellationToken);
                stored = new Versioned<CrisisRecord>(record, version!);
            }
        }

        record = await BadgeAsync(record, cancellationToken);
        if (stored is null || Json(record) != Json(stored.Value))
        {
            await SaveAsync(record, version, cancellationToken);
        }

        return next;
    }

    private async Task<AlertOutcome> PostAsync(CrisisAlert alert, Activity message, CancellationToken cancellationToken)
    {
        if (alert.Kind == CrisisAlertKind.Person)
        {
            return await delivery.ToPersonAsync(alert.Target, message, cancellationToken);
        }

        return router.FindDepartment(alert.Target) is { } department
            ? await delivery.ToChannelAsync(department, message, cancellationToken)
            : new AlertOutcome.Impossible($"Department '{alert.Target}' is no longer configured.");
    }

    private CrisisAlert Apply(CrisisAlert alert, AlertOutcome outcome, string shown, string crisisId)
    {
        var settings = options.Value;
        switch (outcome)
        {
            case AlertOutcome.Delivered delivered:
                if (!alert.IsPosted)
                {
                    LogPosted(logger, crisisId, alert.Kind, delivered.ActivityId);
                }

                return alert with
                {
                    ServiceUrl = delivered.ServiceUrl,
                    ConversationId = delivered.ConversationId,
                    ActivityId = delivered.ActivityId,
                    Shown = shown,
                    Attempts = 0,
                    NotBefore = null,
                    LastError = null,
                };
            case AlertOutcome.Transient transient when alert.Attempts + 1 < settings.MaxDeliveryAttempts:
                var delay = transient.RetryAfter ?? Backoff(alert.Attempts + 1, settings.RetryBaseDelay);
                LogRetry(logger, crisisId, alert.Kind, alert.Attempts + 1, delay, transient.Reason);
                return alert with { Attempts = alert.Attempts + 1, NotBefore = time.GetUtcNow() + delay, LastError = transient.Reason };
            default:
                var reason = outcome switch
                {
                    AlertOutcome.Transient t => $"gave up after {alert.Attempts + 1} attempts; last: {t.Reason}",
                    AlertOutcome.Impossible i => i.Reason,
                    _ => "unknown outcome",
                };
                LogGaveUp(logger, crisisId, alert.Kind, alert.IsPosted, reason);
                // A posted card that can no longer be updated stays as it was; a post never made is given up.
                return alert.IsPosted ? alert with { Shown = shown, LastError = reason } : alert with { GaveUp = true, LastError = reason, Attempts = alert.Attempts + 1 };
        }
    }

    private static string Json(CrisisRecord record) => System.Text.Json.JsonSerializer.Serialize(record, StorageJson.Options);

    private static TimeSpan Backoff(int attempt, TimeSpan baseDelay)
    {
        var delay = baseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    /// <summary>Looks up the department of complaints not yet counted (a crisis across departments alerts each one's leads).</summary>
    private async Task<CrisisRecord> RouteAsync(CrisisRecord record, CancellationToken cancellationToken)
    {
        var crisis = record.Crisis;
        var departments = record.DepartmentIds.ToList();
        if (crisis.Trait.Kind == CrisisTraitKind.Department && !departments.Contains(crisis.Trait.Value, StringComparer.OrdinalIgnoreCase))
        {
            departments.Add(crisis.Trait.Value);
        }

        var routed = Math.Min(record.ComplaintsRouted, crisis.ComplaintIds.Count);
        for (; routed < crisis.ComplaintIds.Count; routed++)
        {
            var complaint = await complaints.GetAsync(crisis.ComplaintIds[routed], cancellationToken);
            var departmentId = complaint is null ? null : Domain.Crises.IncomingComplaint.From(complaint).DepartmentId;
            if (departmentId is not null && !departments.Contains(departmentId, StringComparer.OrdinalIgnoreCase))
            {
                departments.Add(departmentId);
            }
        }

        return record with { DepartmentIds = departments, ComplaintsRouted = routed };
    }

    /// <summary>Every alert the crisis needs: the ones it has, and any recipient added since (a new department, a new executive).</summary>
    private List<CrisisAlert> Recipients(CrisisRecord record)
    {
        var alerts = record.Alerts.ToList();
        void Need(CrisisAlertKind kind, string target)
        {
            if (!alerts.Any(a => a.Kind == kind && string.Equals(a.Target, target, StringComparison.OrdinalIgnoreCase)))
            {
                alerts.Add(new CrisisAlert { Kind = kind, Target = target });
            }
        }

        foreach (var executive in executives.Value.UserIds)
        {
            Need(CrisisAlertKind.Person, executive);
        }

        foreach (var department in record.DepartmentIds.Select(router.FindDepartment).OfType<Department>())
        {
            foreach (var lead in department.LeadUserIds)
            {
                Need(CrisisAlertKind.Person, lead);
            }

            Need(CrisisAlertKind.Channel, department.Id);
        }

        return alerts;
    }

    /// <summary>
    /// Queues a refresh of the channel card of each complaint that joined since last time (open crisis: it gains the
    /// badge), or of all of them once the crisis is handled (it loses it). The complaint is stored unchanged with an
    /// <c>update-card</c> item, so the card shows its state as it is when the item runs.
    /// </summary>
    private async Task<CrisisRecord> BadgeAsync(CrisisRecord record, CancellationToken cancellationToken)
    {
        var crisis = record.Crisis;
        var from = crisis.State == record.CardsBadgedFor ? Math.Min(record.CardsBadged, crisis.ComplaintIds.Count) : 0;
        if (from >= crisis.ComplaintIds.Count && crisis.State == record.CardsBadgedFor)
        {
            return record;
        }

        foreach (var complaintId in crisis.ComplaintIds.Skip(from))
        {
            var complaint = await complaints.GetAsync(complaintId, cancellationToken);
            if (complaint is null || complaint.CurrentCard is null)
            {
                // Not posted yet: its card is built with the badge when it is posted.
                continue;
            }

            var item = OutboxItem.Create(OutboxKinds.UpdateCard, complaint.Id, "{}", time.GetUtcNow());
            await complaints.UpdateAsync(complaint, complaint.Version, [item], cancellationToken);
        }

        outboxSignal.Notify();
        return record with { CardsBadged = crisis.ComplaintIds.Count, CardsBadgedFor = crisis.State };
    }

    private async Task<(CrisisRecord Record, string? Version)> SaveAsync(CrisisRecord record, string? version, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxRecordAttempts; attempt++)
        {
            var written = await store.TryWriteAsync(record, version, cancellationToken);
            if (written is not null)
            {
                return (record, written);
            }

            // Someone else wrote the record (a previous leader finishing its pass): keep their posted cards, add ours.
            var current = await store.GetAsync(record.Id, cancellationToken);
            version = current?.Version;
            if (current is not null)
            {
                record = Merge(current.Value, record);
            }
        }

        throw new InvalidOperationException($"The record of crisis {record.Id} kept changing; gave up saving it after {MaxRecordAttempts} attempts.");
    }

    /// <summary>Their record with what this pass learned: cards they do not know of (by recipient), and further progress.</summary>
    private static CrisisRecord Merge(CrisisRecord theirs, CrisisRecord ours)
    {
        var alerts = theirs.Alerts.ToList();
        foreach (var alert in ours.Alerts)
        {
            var index = alerts.FindIndex(a => a.Kind == alert.Kind && string.Equals(a.Target, alert.Target, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                alerts.Add(alert);
            }
            else if (!alerts[index].IsPosted && alert.IsPosted)
            {
                alerts[index] = alert;
            }
        }

        return ours with
        {
            Alerts = alerts,
            DepartmentIds = [.. theirs.DepartmentIds.Union(ours.DepartmentIds, StringComparer.OrdinalIgnoreCase)],
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Crisis {CrisisId}: {Kind} alert posted as activity {ActivityId}")]
    private static partial void LogPosted(ILogger logger, string crisisId, CrisisAlertKind kind, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId}: {Kind} alert attempt {Attempt} failed, retrying in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string crisisId, CrisisAlertKind kind, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Crisis {CrisisId}: {Kind} alert given up (posted before: {Posted}): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string crisisId, CrisisAlertKind kind, bool posted, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A pass of the crisis alert worker failed; trying again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
