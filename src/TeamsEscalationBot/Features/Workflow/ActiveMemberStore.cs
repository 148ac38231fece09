namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// Someone who recently acted on a department's cards: their Teams user id (<c>29:…</c>, what a card's
/// <c>refresh.userIds</c> takes), Entra object id and name (what the Assign picker offers first).
/// </summary>
internal sealed record ActiveMember(string TeamsUserId, string AadObjectId, string DisplayName, DateTimeOffset LastActiveAt);

/// <summary>
/// The recently active members of each department, most recent first, kept durably so that the refresh list survives
/// restarts and is shared by instances (SQLite table <c>active_members</c>; on Azure one blob per department).
/// </summary>
internal interface IActiveMemberStore
{
    /// <summary>The department's members, most recent first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<ActiveMember>> ListAsync(string departmentId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or refreshes <paramref name="members"/> (a later <see cref="ActiveMember.LastActiveAt"/> wins), keeps the
    /// <paramref name="keep"/> most recent, and returns the department's list as stored now (most recent first).
    /// </summary>
    Task<IReadOnlyList<ActiveMember>> MergeAsync(string departmentId, IReadOnlyList<ActiveMember> members, int keep, CancellationToken cancellationToken);
}

/// <summary>The merge rule both stores follow: one entry per Teams user id, the latest activity wins, most recent first.</summary>
internal static class ActiveMemberLists
{
    public static IReadOnlyList<ActiveMember> Merge(IEnumerable<ActiveMember> stored, IEnumerable<ActiveMember> added, int keep) =>
    [
        .. stored.Concat(added)
            .GroupBy(m => m.TeamsUserId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(m => m.LastActiveAt)!)
            .OrderByDescending(m => m.LastActiveAt)
            .ThenBy(m => m.TeamsUserId, StringComparer.Ordinal)
            .Take(keep),
    ];

    /// <summary>Department ids ignore case, like the domain.</summary>
    public static string Key(string departmentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        return departmentId.Trim().ToLowerInvariant();
    }
}
