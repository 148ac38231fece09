using System.Text.Json;
using System.Text.RegularExpressions;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Storage;

/// <summary>Argument rules and the JSON form shared by every <see cref="IComplaintStore"/>.</summary>
internal static partial class ComplaintStoreRules
{
    public static void ValidateId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException(
                $"Complaint id '{id}' is not valid: use 1-128 letters, digits, '-', '_', '.' or ':', starting with a letter or digit.",
                nameof(id));
        }
    }

    public static void ValidateWrite(Complaint complaint, IReadOnlyList<OutboxItem> outbox)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(outbox);
        ValidateId(complaint.Id);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in outbox)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(outbox));
            if (item.ComplaintId != complaint.Id)
            {
                throw new ArgumentException($"Outbox item '{item.Id}' belongs to complaint '{item.ComplaintId}', not '{complaint.Id}'.", nameof(outbox));
            }

            if (string.IsNullOrWhiteSpace(item.Id) || string.IsNullOrWhiteSpace(item.Kind) || !ids.Add(item.Id))
            {
                throw new ArgumentException($"Outbox items need a unique id and a kind ('{item.Id}', '{item.Kind}').", nameof(outbox));
            }
        }
    }

    public static void ValidateQuery(ComplaintQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > ComplaintQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"PageSize must be between 1 and {ComplaintQuery.MaxPageSize}.");
        }
    }

    public static void ValidatePrefix(string prefix, int limit)
    {
        ValidateId(prefix);
        if (limit is < 1 or > ComplaintQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {ComplaintQuery.MaxPageSize}.");
        }
    }

    /// <summary>The form department ids and Entra object ids are indexed and filtered in (the domain compares them ignoring case).</summary>
    public static string? Key(string? value) => value?.ToLowerInvariant();

    public static string Serialize(Complaint complaint) => JsonSerializer.Serialize(complaint.ToSnapshot(), StorageJson.Options);

    public static Complaint Deserialize(string json) =>
        Complaint.FromSnapshot(JsonSerializer.Deserialize<ComplaintSnapshot>(json, StorageJson.Options)
            ?? throw new JsonException("A stored complaint is JSON null."));

    public static bool Matches(Complaint complaint, ComplaintQuery query) =>
        (query.State is null || complaint.State == query.State)
        && (query.DepartmentId is null || Key(complaint.DepartmentId) == Key(query.DepartmentId))
        && (query.RequesterAadObjectId is null || Key(complaint.Requester?.AadObjectId) == Key(query.RequesterAadObjectId))
        && MatchesSla(SlaRecords.Of(complaint), query);

    /// <summary>The service-level conditions of a query, checked on the record stored with the complaint.</summary>
    private static bool MatchesSla(SlaRecord? sla, ComplaintQuery query) =>
        (query.OverdueAt is null || sla?.OverdueAt <= query.OverdueAt)
        && (query.DueSoonAt is null || sla?.DueSoonAt <= query.DueSoonAt);

    public static void ValidateDue(int limit)
    {
        if (limit is < 1 or > ComplaintQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"The limit must be between 1 and {ComplaintQuery.MaxPageSize}.");
        }
    }

    public static InvalidCursorException InvalidCursor() => new();

    /// <summary>When anything last happened to the complaint: its latest history entry (or its creation, if later).</summary>
    public static DateTimeOffset LastActivity(DateTimeOffset createdAt, IEnumerable<ComplaintEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var last = createdAt;
        foreach (var entry in history)
        {
            if (entry.At > last)
            {
                last = entry.At;
            }
        }

        return last;
    }

    /// <inheritdoc cref="LastActivity(DateTimeOffset, IEnumerable{ComplaintEvent})"/>
    public static DateTimeOffset LastActivity(Complaint complaint) => LastActivity(complaint.CreatedAt, complaint.History);

    /// <summary>What <see cref="IComplaintStore.ListActiveSinceAsync"/> returns: not Closed, or something happened to it at or after <paramref name="since"/>.</summary>
    public static bool IsActiveSince(Complaint complaint, DateTimeOffset since) =>
        complaint.State != ComplaintState.Closed || LastActivity(complaint) >= since;

    /// <summary>Every state but Closed, in declaration order.</summary>
    public static IReadOnlyList<ComplaintState> NotClosedStates { get; } =
        [.. Enum.GetValues<ComplaintState>().Where(s => s != ComplaintState.Closed)];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
