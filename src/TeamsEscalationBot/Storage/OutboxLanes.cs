using System.Collections.Concurrent;

namespace TeamsEscalationBot.Storage;

/// <summary>A complaint's line of work: its id and the lane its items' handlers name (null: the main lane).</summary>
internal readonly record struct OutboxLaneKey(string ComplaintId, string? Lane);

/// <summary>
/// The work of one lane in one lease: its items in the order they were written, and the items left out because a later
/// item of the same kind and payload renders the same thing newer (each with that later item).
/// </summary>
internal sealed record OutboxLanePlan(
    OutboxLaneKey Key, IReadOnlyList<OutboxLease> Items, IReadOnlyList<(OutboxLease Superseded, OutboxLease Latest)> Superseded)
{
    /// <summary>
    /// Groups one lease's items into lanes, the lane whose first item is due earliest first; in a lane, of the items of a
    /// coalescing kind with the same payload only the last written is kept.
    /// </summary>
    public static IReadOnlyList<OutboxLanePlan> Of(
        IReadOnlyList<OutboxLease> leases, Func<string, string?> laneOf, Func<string, bool> coalesces)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(laneOf);
        ArgumentNullException.ThrowIfNull(coalesces);
        return
        [
            .. leases
                .GroupBy(l => new OutboxLaneKey(l.Item.ComplaintId, laneOf(l.Item.Kind)))
                .Select(g => Plan(g.Key, [.. g.OrderBy(l => l.Item.Id, StringComparer.Ordinal)], coalesces))
                .OrderBy(p => p.Items.Concat(p.Superseded.Select(s => s.Superseded)).Min(l => l.Item.NotBefore))
                .ThenBy(p => p.Key.ComplaintId, StringComparer.Ordinal),
        ];
    }

    private static OutboxLanePlan Plan(OutboxLaneKey key, List<OutboxLease> ordered, Func<string, bool> coalesces)
    {
        var latest = new Dictionary<(string Kind, string Payload), OutboxLease>();
        foreach (var lease in ordered.Where(l => coalesces(l.Item.Kind)))
        {
            latest[(lease.Item.Kind, lease.Item.PayloadJson)] = lease;
        }

        var kept = new List<OutboxLease>();
        var superseded = new List<(OutboxLease, OutboxLease)>();
        foreach (var lease in ordered)
        {
            if (coalesces(lease.Item.Kind) && latest[(lease.Item.Kind, lease.Item.PayloadJson)] is var last && !ReferenceEquals(last, lease))
            {
                superseded.Add((lease, last));
            }
            else
            {
                kept.Add(lease);
            }
        }

        return new OutboxLanePlan(key, kept, superseded);
    }
}

/// <summary>
/// The lanes this worker saw wait (an item deferred or retried) and until when: a later item of such a lane handed
/// out before then goes back at once, without its handler, so it cannot overtake the waiting one. Kept in memory
/// only; after a restart the handlers' own order checks (e.g. audit lines) still apply.
/// </summary>
internal sealed class OutboxHeldLanes
{
    private readonly ConcurrentDictionary<OutboxLaneKey, DateTimeOffset> _held = new();

    public void Hold(OutboxLaneKey lane, DateTimeOffset until) =>
        _held.AddOrUpdate(lane, until, (_, current) => current > until ? current : until);

    /// <summary>Until when the lane waits, or null when it does not (any more).</summary>
    public DateTimeOffset? Until(OutboxLaneKey lane, DateTimeOffset now) =>
        _held.TryGetValue(lane, out var until) && until > now ? until : null;

    /// <summary>Drops lanes whose wait is over.</summary>
    public void Forget(DateTimeOffset now)
    {
        foreach (var (lane, until) in _held)
        {
            if (until <= now)
            {
                _held.TryRemove(new KeyValuePair<OutboxLaneKey, DateTimeOffset>(lane, until));
            }
        }
    }
}
