using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// The people who recently acted on each department's cards, for the cards' <c>refresh.userIds</c> (Teams refreshes
/// automatically for at most 60 listed users) and the first choices of the Assign picker. A touch is in memory at once
/// (this instance's cards list the person immediately) and written to <see cref="IActiveMemberStore"/> in the
/// background, merged per department, so a burst of clicks costs one write per department and never slows an action.
/// Reads are cached for <see cref="WorkflowOptions.ActiveMembersCacheLifetime"/>; other instances see a touch after
/// their cache expires. Losing the last unflushed touches in a crash only shortens a refresh list.
/// </summary>
internal sealed partial class ActiveMembers(
    IActiveMemberStore store, IOptions<WorkflowOptions> options, TimeProvider time, ILogger<ActiveMembers> logger)
{
    /// <summary>Teams' limit on <c>refresh.userIds</c>.</summary>
    public const int MaxMembers = 60;

    /// <summary>A person already listed this recently is not written again: the order is "most recent" to within this.</summary>
    private static readonly TimeSpan TouchGranularity = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CachedList> cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ActiveMember>> pending = new(StringComparer.Ordinal);
    private readonly Lock pendingLock = new();

    /// <summary>The department's active members, most recent first (at most 60). Never throws for a storage problem.</summary>
    public async Task<IReadOnlyList<ActiveMember>> GetAsync(string departmentId, CancellationToken cancellationToken)
    {
        var key = ActiveMemberLists.Key(departmentId);
        if (cache.TryGetValue(key, out var cached) && cached.ExpiresAt > time.GetUtcNow())
        {
            return cached.Members;
        }

        try
        {
            var stored = await store.ListAsync(key, MaxMembers, cancellationToken);
            return Remember(key, [.. stored, .. Pending(key)], fresh: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(logger, key, ex);
            return Remember(key, Pending(key), fresh: false);
        }
    }

    /// <summary>Records that <paramref name="teamsUserId"/> acted on a card of the department now; written in the background.</summary>
    public void Touch(string departmentId, string teamsUserId, string aadObjectId, string displayName)
    {
        if (string.IsNullOrWhiteSpace(teamsUserId) || teamsUserId.Length > 256)
        {
            return;
        }

        var key = ActiveMemberLists.Key(departmentId);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) &&
            cached.Members.FirstOrDefault(m => m.TeamsUserId == teamsUserId) is { } listed && now - listed.LastActiveAt < TouchGranularity)
        {
            return;
        }

        var member = new ActiveMember(teamsUserId, aadObjectId, displayName, now);
        lock (pendingLock)
        {
            if (!pending.TryGetValue(key, out var byUser))
            {
                pending[key] = byUser = new(StringComparer.Ordinal);
            }

            byUser[teamsUserId] = member;
        }

        Remember(key, [member], fresh: false);
    }

    /// <summary>Writes every pending touch, one merge per department. What fails stays pending for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        foreach (var (key, batch) in SnapshotPending())
        {
            try
            {
                var stored = await store.MergeAsync(key, batch, MaxMembers, cancellationToken);
                RemovePending(key, batch);
                Remember(key, stored, fresh: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(logger, key, batch.Count, ex);
            }
        }
    }

    /// <summary>
    /// Merges into the cached list instead of replacing it: the list only ever holds the latest activity per person, so
    /// merging never drops a touch that a concurrent read or write did not see yet.
    /// </summary>
    private IReadOnlyList<ActiveMember> Remember(string key, IReadOnlyList<ActiveMember> members, bool fresh)
    {
        var expires = fresh ? time.GetUtcNow() + options.Value.ActiveMembersCacheLifetime : DateTimeOffset.MinValue;
        return cache.AddOrUpdate(
            key,
            _ => new CachedList(ActiveMemberLists.Merge([], members, MaxMembers), expires),
            (_, list) => new CachedList(ActiveMemberLists.Merge(list.Members, members, MaxMembers), fresh ? expires : list.ExpiresAt)).Members;
    }

    private List<(string Key, List<ActiveMember> Members)> SnapshotPending()
    {
        lock (pendingLock)
        {
            return [.. pending.Where(p => p.Value.Count > 0).Select(p => (p.Key, p.Value.Values.ToList()))];
        }
    }

    /// <summary>Forgets the written touches, unless the person acted again meanwhile (a newer touch stays pending).</summary>
    private void RemovePending(string key, List<ActiveMember> written)
    {
        lock (pendingLock)
        {
            if (!pending.TryGetValue(key, out var byUser))
            {
                return;
            }

            foreach (var member in written)
            {
                if (byUser.TryGetValue(member.TeamsUserId, out var current) && current == member)
                {
                    byUser.Remove(member.TeamsUserId);
                }
            }
        }
    }

    private List<ActiveMember> Pending(string key)
    {
        lock (pendingLock)
        {
            return pending.TryGetValue(key, out var members) ? [.. members.Values] : [];
        }
    }

    private sealed record CachedList(IReadOnlyList<ActiveMember> Members, DateTimeOffset ExpiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The active members of department {DepartmentId} could not be read; cards refresh for fewer people meanwhile")]
    private static partial void LogReadFailed(ILogger logger, string departmentId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} active member(s) of department {DepartmentId} could not be written; retried at the next flush")]
    private static partial void LogWriteFailed(ILogger logger, string departmentId, int count, Exception exception);
}

/// <summary>Flushes <see cref="ActiveMembers"/> every <see cref="WorkflowOptions.ActiveMembersFlushInterval"/> and once more on shutdown.</summary>
internal sealed class ActiveMembersFlusher(ActiveMembers members, IOptions<WorkflowOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ActiveMembersFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Not cancelled by stopping: a write under way finishes, and StopAsync writes what is left after it.
                await members.FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync flushes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await members.FlushAsync(cancellationToken);
    }
}
