using System.Security.Cryptography;
using System.Text;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// Watches arriving complaints for bursts: at least N related complaints within M minutes, related by department,
/// by category or by shared uncommon keywords. Pure and explainable (see docs/crises.md): complaints are fed one at a
/// time with their arrival time, and <see cref="ToSnapshot"/> gives everything it remembers, so that a restored
/// detector never raises the same crisis twice. Not thread-safe: the host feeds one complaint at a time.
/// </summary>
public sealed class CrisisDetector
{
    private readonly CrisisOptions options;
    private readonly Dictionary<string, string> departmentNames;
    private readonly List<RecentComplaint> recent;
    private readonly Dictionary<string, Crisis> crises;
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private DateTimeOffset? clock;

    /// <summary>
    /// A detector with <paramref name="options"/> (throws <see cref="ArgumentException"/> listing every problem when
    /// they are invalid), department names for headlines, and what an earlier detector remembered.
    /// </summary>
    public CrisisDetector(
        CrisisOptions options, IEnumerable<Department>? departments = null, CrisisDetectorSnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("The crisis options are not valid: " + string.Join(" ", errors), nameof(options));
        }

        this.options = options;
        departmentNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var department in departments ?? [])
        {
            departmentNames.TryAdd(department.Id, department.Name);
        }

        snapshot ??= new CrisisDetectorSnapshot();
        if ((snapshot.Recent ?? []).Any(r => r is null || string.IsNullOrWhiteSpace(r.Id))
            || (snapshot.Crises ?? []).Any(c => c is null || string.IsNullOrWhiteSpace(c.Id)))
        {
            throw new ArgumentException("The snapshot has an entry without an id.", nameof(snapshot));
        }

        clock = snapshot.Clock;
        recent = [.. (snapshot.Recent ?? []).OrderBy(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal)];
        crises = (snapshot.Crises ?? []).ToDictionary(c => c.Id, StringComparer.Ordinal);
        RememberIds();
    }

    /// <summary>Open crises, and handled ones until their cool-down ends, oldest first.</summary>
    public IReadOnlyList<Crisis> Crises => [.. crises.Values.OrderBy(c => c.StartedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];

    public Crisis? Find(string crisisId) => crises.GetValueOrDefault(crisisId);

    /// <summary>
    /// Takes one arriving complaint. Joined: it matches an open crisis (or a handled one still cooling down).
    /// Opened: it completes a burst of complaints that belong to no crisis yet. None otherwise, and for a complaint
    /// fed before (so replaying after a restart changes nothing).
    /// </summary>
    public CrisisOutcome Feed(IncomingComplaint complaint)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentException.ThrowIfNullOrWhiteSpace(complaint.Id, nameof(complaint));
        ArgumentException.ThrowIfNullOrWhiteSpace(complaint.DepartmentId, nameof(complaint));
        ArgumentNullException.ThrowIfNull(complaint.Text, nameof(complaint));
        if (seen.Contains(complaint.Id))
        {
            return CrisisOutcome.None;
        }

        var now = clock is { } last && last > complaint.At ? last : complaint.At;
        clock = now;
        Prune(now);
        var entry = new RecentComplaint
        {
            Id = complaint.Id,
            At = complaint.At,
            DepartmentId = complaint.DepartmentId,
            Category = string.IsNullOrWhiteSpace(complaint.Category) ? null : complaint.Category.Trim(),
            Keywords = CrisisKeywords.Extract(complaint.Text, options.MinKeywordLength, options.IgnoredWords),
            Network = complaint.Network,
            Sample = Shorten(complaint.Text),
        };
        var remembered = complaint.At >= now - options.LongestWindow;
        if (FindCrisisToJoin(entry) is { } crisis)
        {
            var joined = Join(crisis, entry);
            Remember(remembered ? entry with { CrisisId = joined.Id } : null, joined);
            return CrisisOutcome.Joined(joined);
        }

        if (!remembered)
        {
            // Too old to be part of a burst still worth raising.
            return CrisisOutcome.None;
        }

        Remember(entry, null);
        return FindBurst(entry, now) is { } burst ? CrisisOutcome.Opened(Open(burst, entry.At)) : CrisisOutcome.None;
    }

    /// <summary>
    /// Marks a crisis handled by <paramref name="by"/>. Matching complaints keep joining it (no new alert) until its
    /// cool-down ends; after that, the same trait needs a whole new burst. Returns the crisis (unchanged when it was
    /// already handled), or null when the detector does not know it.
    /// </summary>
    public Crisis? MarkHandled(string crisisId, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(crisisId);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        if (!crises.TryGetValue(crisisId, out var crisis))
        {
            return null;
        }

        if (crisis.State == CrisisState.Handled)
        {
            return crisis;
        }

        var handled = crisis with
        {
            State = CrisisState.Handled,
            HandledBy = by,
            HandledAt = now,
            CoolDownEndsAt = now + (options.CoolDown ?? ThresholdFor(crisis.Trait).Window),
            LastUpdatedAt = now > crisis.LastUpdatedAt ? now : crisis.LastUpdatedAt,
        };
        crises[crisisId] = handled;
        return handled;
    }

    /// <summary>Everything it remembers, as plain data for storage.</summary>
    public CrisisDetectorSnapshot ToSnapshot() => new() { Clock = clock, Recent = [.. recent], Crises = Crises };

    /// <summary>The id a crisis gets: from its trait and its first complaint only, so a replay gives the same id.</summary>
    public static string CrisisIdFor(CrisisTrait trait, string firstComplaintId)
    {
        ArgumentNullException.ThrowIfNull(trait);
        ArgumentNullException.ThrowIfNull(firstComplaintId);
        var canonical = $"crisis/v1\n{trait.Kind}\n{TextNormalizer.Normalize(trait.Value)}\n{firstComplaintId}";
        return "crisis-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..20];
    }

    private CrisisThreshold ThresholdFor(CrisisTrait trait) =>
        trait.Kind == CrisisTraitKind.Department ? options.ForDepartment(trait.Value) : options.Default;

    private void Prune(DateTimeOffset now)
    {
        var removed = recent.RemoveAll(r => r.At < now - options.LongestWindow);
        foreach (var done in crises.Values.Where(c => c.State == CrisisState.Handled && c.CoolDownEndsAt <= now).ToList())
        {
            crises.Remove(done.Id);
            removed++;
        }

        if (removed > 0)
        {
            RememberIds();
        }
    }

    private void RememberIds()
    {
        seen.Clear();
        seen.UnionWith(recent.Select(r => r.Id));
        seen.UnionWith(crises.Values.SelectMany(c => c.ComplaintIds));
    }

    private void Remember(RecentComplaint? entry, Crisis? crisis)
    {
        if (entry is not null)
        {
            var index = recent.FindLastIndex(r => r.At < entry.At || (r.At == entry.At && string.CompareOrdinal(r.Id, entry.Id) < 0));
            recent.Insert(index + 1, entry);
            seen.Add(entry.Id);
        }

        if (crisis is not null)
        {
            crises[crisis.Id] = crisis;
            seen.UnionWith(crisis.ComplaintIds);
        }
    }

    /// <summary>The crisis a complaint joins: open before handled, then the most specific trait, then the oldest.</summary>
    private Crisis? FindCrisisToJoin(RecentComplaint entry) => crises.Values
        .Where(c => c.State == CrisisState.Open || entry.At < c.CoolDownEndsAt)
        .Where(c => Matches(c.Trait, entry))
        .OrderBy(c => c.State)
        .ThenBy(c => c.Trait.Kind)
        .ThenBy(c => c.StartedAt)
        .ThenBy(c => c.Id, StringComparer.Ordinal)
        .FirstOrDefault();

    private bool Matches(CrisisTrait trait, RecentComplaint entry) => trait.Kind switch
    {
        CrisisTraitKind.Department => string.Equals(trait.Value, entry.DepartmentId, StringComparison.OrdinalIgnoreCase),
        CrisisTraitKind.Category => entry.Category is not null
            && string.Equals(TextNormalizer.ToKey(trait.Value), TextNormalizer.ToKey(entry.Category), StringComparison.Ordinal),
        _ => trait.Keywords.Count(entry.Keywords.Contains) >= Math.Min(options.MinSharedKeywords, trait.Keywords.Count),
    };

    /// <summary>
    /// A burst the new complaint completes, from complaints in no crisis yet. When several traits reach their threshold
    /// at once, the most specific wins (keywords, then category, then department), so one burst opens one crisis.
    /// </summary>
    private Burst? FindBurst(RecentComplaint entry, DateTimeOffset now)
    {
        var free = recent.Where(r => r.CrisisId is null).ToList();
        return KeywordBurst(entry, free, now) ?? CategoryBurst(entry, free, now) ?? DepartmentBurst(entry, free, now);
    }

    private Burst? KeywordBurst(RecentComplaint entry, List<RecentComplaint> free, DateTimeOffset now)
    {
        var threshold = options.Default;
        var common = CommonWords(now - threshold.Window);
        var rare = entry.Keywords.Where(k => !common.Contains(k)).ToHashSet(StringComparer.Ordinal);
        if (rare.Count < options.MinSharedKeywords)
        {
            return null;
        }

        var members = InWindow(free, now, threshold.Window)
            .Where(r => r.Id == entry.Id || r.Keywords.Count(rare.Contains) >= options.MinSharedKeywords)
            .ToList();
        if (members.Count < threshold.Complaints)
        {
            return null;
        }

        // The headline: the new complaint's uncommon words that most members share.
        var shared = rare
            .Select(word => (Word: word, Members: members.Count(m => m.Keywords.Contains(word))))
            .Where(w => w.Members >= 2)
            .OrderByDescending(w => w.Members)
            .ThenBy(w => w.Word, StringComparer.Ordinal)
            .Take(options.MaxHeadlineKeywords)
            .Select(w => w.Word)
            .ToList();
        return new Burst(new CrisisTrait(CrisisTraitKind.Keywords, string.Join(' ', shared)), string.Join(", ", shared), members);
    }

    private Burst? CategoryBurst(RecentComplaint entry, List<RecentComplaint> free, DateTimeOffset now)
    {
        if (entry.Category is null || TextNormalizer.ToKey(entry.Category).Length == 0)
        {
            return null;
        }

        var key = TextNormalizer.ToKey(entry.Category);
        var members = InWindow(free, now, options.Default.Window)
            .Where(r => r.Category is not null && TextNormalizer.ToKey(r.Category) == key)
            .ToList();
        if (members.Count < options.Default.Complaints)
        {
            return null;
        }

        var category = members[0].Category!;
        return new Burst(new CrisisTrait(CrisisTraitKind.Category, category), category, members);
    }

    private Burst? DepartmentBurst(RecentComplaint entry, List<RecentComplaint> free, DateTimeOffset now)
    {
        var threshold = options.ForDepartment(entry.DepartmentId);
        var members = InWindow(free, now, threshold.Window)
            .Where(r => string.Equals(r.DepartmentId, entry.DepartmentId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (members.Count < threshold.Complaints)
        {
            return null;
        }

        var departmentId = members[0].DepartmentId;
        var name = departmentNames.GetValueOrDefault(departmentId) ?? departmentId;
        return new Burst(new CrisisTrait(CrisisTraitKind.Department, departmentId), name, members);
    }

    /// <summary>Words in more than <see cref="CrisisOptions.CommonWordShare"/> of the recent complaints, once there are enough of them.</summary>
    private HashSet<string> CommonWords(DateTimeOffset since)
    {
        var window = recent.Where(r => r.At >= since).ToList();
        if (window.Count < options.CommonWordMinComplaints)
        {
            return [];
        }

        return window
            .SelectMany(r => r.Keywords)
            .CountBy(word => word, StringComparer.Ordinal)
            .Where(w => w.Value > options.CommonWordShare * window.Count)
            .Select(w => w.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<RecentComplaint> InWindow(List<RecentComplaint> entries, DateTimeOffset now, TimeSpan window) =>
        entries.Where(r => r.At >= now - window && r.At <= now);

    private Crisis Open(Burst burst, DateTimeOffset openedAt)
    {
        var members = burst.Members.OrderBy(m => m.At).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var crisis = new Crisis
        {
            Id = CrisisIdFor(burst.Trait, members[0].Id),
            Trait = burst.Trait,
            Headline = burst.Headline,
            State = CrisisState.Open,
            StartedAt = members[0].At,
            OpenedAt = openedAt,
            LastUpdatedAt = openedAt,
            ComplaintIds = [.. members.Select(m => m.Id)],
            Networks = CountNetworks(members.Select(m => m.Network)),
            Samples = [.. members.Take(options.MaxSamples).Select(m => m.Sample)],
        };
        var ids = crisis.ComplaintIds.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < recent.Count; i++)
        {
            if (ids.Contains(recent[i].Id))
            {
                recent[i] = recent[i] with { CrisisId = crisis.Id };
            }
        }

        crises[crisis.Id] = crisis;
        return crisis;
    }

    private Crisis Join(Crisis crisis, RecentComplaint entry)
    {
        var networks = crisis.Networks.ToDictionary(n => n.Network, n => n.Complaints);
        networks[entry.Network] = networks.GetValueOrDefault(entry.Network) + 1;
        return crisis with
        {
            ComplaintIds = [.. crisis.ComplaintIds, entry.Id],
            Networks = CountNetworks(networks.SelectMany(n => Enumerable.Repeat(n.Key, n.Value))),
            Samples = crisis.Samples.Count < options.MaxSamples ? [.. crisis.Samples, entry.Sample] : crisis.Samples,
            StartedAt = entry.At < crisis.StartedAt ? entry.At : crisis.StartedAt,
            LastUpdatedAt = entry.At > crisis.LastUpdatedAt ? entry.At : crisis.LastUpdatedAt,
        };
    }

    private static List<NetworkCount> CountNetworks(IEnumerable<Network> networks) =>
    [
        .. networks
            .CountBy(n => n)
            .Select(n => new NetworkCount(n.Key, n.Value))
            .OrderByDescending(n => n.Complaints)
            .ThenBy(n => n.Network.ToString(), StringComparer.Ordinal),
    ];

    private string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= options.MaxSampleLength)
        {
            return line;
        }

        var cut = options.MaxSampleLength - 1;
        if (cut > 0 && char.IsLowSurrogate(line[cut]))
        {
            cut--;
        }

        return line[..cut].TrimEnd() + "…";
    }

    private sealed record Burst(CrisisTrait Trait, string Headline, IReadOnlyList<RecentComplaint> Members);
}
