using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Notifications;

/// <summary>Why Graph will not take notices for a person: the answer it gave, which does not change by trying again.</summary>
internal enum UnreachableReason
{
    /// <summary>403: the Teams app is not installed for the person, or the bot lacks <c>TeamsActivity.Send</c>.</summary>
    Forbidden,

    /// <summary>404: Graph knows no such user.</summary>
    NotFound,
}

/// <summary>
/// The people Graph refused notices for, kept for <c>Notifications:ActivityFeed:UnreachableFor</c> in this instance's
/// memory: the first refusal is noted (and logged once), later notices to the same person are skipped until the note
/// expires, then one is tried again (the app may have been installed meanwhile). Not shared between instances and not
/// kept over a restart: each instance tries a person at most once per period.
/// </summary>
internal sealed class ActivityFeedReach(IOptions<ActivityFeedOptions> options, TimeProvider time)
{
    /// <summary>Expired notes are swept when this many are kept.</summary>
    internal const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, (UnreachableReason Reason, DateTimeOffset Until)> _notes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many people are noted now (expired notes included until swept).</summary>
    public int Count => _notes.Count;

    /// <summary>The reason the person is noted as unreachable now, or null.</summary>
    public UnreachableReason? Unreachable(string aadObjectId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        return _notes.TryGetValue(aadObjectId, out var note) && note.Until > time.GetUtcNow() ? note.Reason : null;
    }

    /// <summary>Notes the person as unreachable; true when they were not noted already for this reason (log it then).</summary>
    public bool Note(string aadObjectId, UnreachableReason reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        var now = time.GetUtcNow();
        var until = now + options.Value.UnreachableFor;
        var fresh = true;
        _notes.AddOrUpdate(
            aadObjectId,
            (reason, until),
            (_, old) =>
            {
                fresh = old.Reason != reason || old.Until <= now;
                return fresh ? (reason, until) : old;
            });
        if (_notes.Count > SweepAbove)
        {
            foreach (var (key, note) in _notes)
            {
                if (note.Until <= now)
                {
                    _notes.TryRemove(key, out _);
                }
            }
        }

        return fresh;
    }
}
