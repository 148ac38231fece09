using System.Globalization;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>How sensitive crisis detection is. The defaults suit an average brand; see docs/crises.md for tuning.</summary>
public sealed record CrisisOptions
{
    public const int MaxComplaints = 10_000;

    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    /// <summary>The threshold for shared categories and shared keywords, and for departments without their own.</summary>
    public CrisisThreshold Default { get; init; } = new();

    /// <summary>Thresholds for a department as a whole, by department id (ignoring case).</summary>
    public IReadOnlyDictionary<string, CrisisThreshold> Departments { get; init; } = new Dictionary<string, CrisisThreshold>();

    /// <summary>How many uncommon keywords two complaints must share to be related.</summary>
    public int MinSharedKeywords { get; init; } = 2;

    /// <summary>Shorter words are not keywords.</summary>
    public int MinKeywordLength { get; init; } = 3;

    /// <summary>How many shared keywords a keyword crisis's headline shows, and later complaints are compared with.</summary>
    public int MaxHeadlineKeywords { get; init; } = 4;

    /// <summary>A word in more than this share of the recent complaints is common and relates nothing.</summary>
    public double CommonWordShare { get; init; } = 0.5;

    /// <summary>Words count as common only once the recent window holds at least this many complaints.</summary>
    public int CommonWordMinComplaints { get; init; } = 20;

    /// <summary>Words that are never keywords, on top of the built-in English and Spanish stop words (brand names, for example).</summary>
    public IReadOnlyList<string> IgnoredWords { get; init; } = [];

    /// <summary>How long after being handled a crisis still takes matching complaints; null for its own window.</summary>
    public TimeSpan? CoolDown { get; init; }

    /// <summary>How many sample texts a crisis keeps.</summary>
    public int MaxSamples { get; init; } = 3;

    /// <summary>Sample texts are shortened to this many characters.</summary>
    public int MaxSampleLength { get; init; } = 280;

    /// <summary>Every problem with these options, each naming its key; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        ValidateThreshold(Default, "Default", errors);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (departmentId, threshold) in (Departments ?? new Dictionary<string, CrisisThreshold>()).OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var key = $"Departments[{departmentId}]";
            if (string.IsNullOrWhiteSpace(departmentId))
            {
                errors.Add("Departments has an entry without a department id.");
            }
            else if (!seen.Add(departmentId))
            {
                errors.Add($"{key} is listed more than once (department ids ignore case).");
            }

            ValidateThreshold(threshold, key, errors);
        }

        Range(errors, nameof(MinSharedKeywords), MinSharedKeywords, 1, 10);
        Range(errors, nameof(MinKeywordLength), MinKeywordLength, 1, 20);
        Range(errors, nameof(MaxHeadlineKeywords), MaxHeadlineKeywords, 1, 10);
        if (MaxHeadlineKeywords < MinSharedKeywords)
        {
            errors.Add($"{nameof(MaxHeadlineKeywords)} ({MaxHeadlineKeywords}) must be at least {nameof(MinSharedKeywords)} ({MinSharedKeywords}).");
        }

        if (!(CommonWordShare > 0 && CommonWordShare <= 1))
        {
            errors.Add($"{nameof(CommonWordShare)} must be more than 0 and at most 1.");
        }

        Range(errors, nameof(CommonWordMinComplaints), CommonWordMinComplaints, 1, MaxComplaints);
        if (IgnoredWords is null || IgnoredWords.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{nameof(IgnoredWords)} must not contain empty words.");
        }

        if (CoolDown is { } coolDown && (coolDown <= TimeSpan.Zero || coolDown > MaxWindow))
        {
            errors.Add($"{nameof(CoolDown)} must be more than zero and at most one day, or empty for the crisis's own window.");
        }

        Range(errors, nameof(MaxSamples), MaxSamples, 0, 10);
        Range(errors, nameof(MaxSampleLength), MaxSampleLength, 1, 2_000);
        return errors;
    }

    /// <summary>The threshold for a department as a whole: its own, or <see cref="Default"/>.</summary>
    public CrisisThreshold ForDepartment(string departmentId)
    {
        ArgumentNullException.ThrowIfNull(departmentId);
        return Departments.FirstOrDefault(d => string.Equals(d.Key, departmentId, StringComparison.OrdinalIgnoreCase)).Value ?? Default;
    }

    /// <summary>The longest window of any threshold: how long the detector remembers a complaint.</summary>
    public TimeSpan LongestWindow => Departments.Values.Select(d => d.Window).Append(Default.Window).Max();

    private static void ValidateThreshold(CrisisThreshold? threshold, string key, List<string> errors)
    {
        if (threshold is null)
        {
            errors.Add($"{key} is empty.");
            return;
        }

        Range(errors, $"{key}.Complaints", threshold.Complaints, 2, MaxComplaints);
        if (threshold.Window <= TimeSpan.Zero || threshold.Window > MaxWindow)
        {
            errors.Add($"{key}.Window must be more than zero and at most one day.");
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max} (it is {value})."));
        }
    }
}
