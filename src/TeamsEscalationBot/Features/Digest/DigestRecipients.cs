using Microsoft.Extensions.Options;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// Who receives digests now: the people listed under <c>Digest:Recipients</c> and the users of
/// <c>Digest:RecipientGroupId</c> (with <c>Digest:GroupDefaults</c>; a listed person keeps their own settings). The
/// group is read from Microsoft Graph at most every <c>Digest:GroupRefreshInterval</c>; when Graph fails, the last list
/// it gave stays in use and a Warning is logged.
/// </summary>
internal sealed partial class DigestRecipients : IDisposable
{
    private readonly DigestOptions _options;
    private readonly IGroupMembers _groups;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestRecipients> _logger;
    private readonly Dictionary<string, DigestRecipient> _configured = new(StringComparer.OrdinalIgnoreCase);
    private readonly ComplaintRouter _router;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyList<string> _members = [];
    private DateTimeOffset? _lastRead;

    public DigestRecipients(IOptions<DigestOptions> options, IGroupMembers groups, ComplaintRouter router, TimeProvider time, ILogger<DigestRecipients> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _groups = groups;
        _router = router;
        _time = time;
        _logger = logger;
        foreach (var recipient in _options.Recipients)
        {
            // Validated on start: a GUID, a known time zone, known departments.
            var id = Guid.Parse(recipient.AadObjectId!).ToString();
            _configured[id] = Resolve(id, recipient, fromGroup: false);
        }
    }

    /// <summary>Every recipient, listed ones first, each once.</summary>
    public async Task<IReadOnlyList<DigestRecipient>> ListAsync(CancellationToken cancellationToken)
    {
        var members = await GroupMembersAsync(cancellationToken);
        var all = new List<DigestRecipient>(_configured.Values);
        foreach (var member in members)
        {
            if (!_configured.ContainsKey(member))
            {
                all.Add(Resolve(member, _options.GroupDefaults, fromGroup: true));
            }
        }

        return all;
    }

    /// <summary>The recipient with this Entra object id, or null when they receive no digest.</summary>
    public async Task<DigestRecipient?> FindAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(aadObjectId, out var parsed))
        {
            return null;
        }

        var id = parsed.ToString();
        if (_configured.TryGetValue(id, out var configured))
        {
            return configured;
        }

        var members = await GroupMembersAsync(cancellationToken);
        return members.Contains(id, StringComparer.OrdinalIgnoreCase) ? Resolve(id, _options.GroupDefaults, fromGroup: true) : null;
    }

    private async Task<IReadOnlyList<string>> GroupMembersAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.RecipientGroupId) || !IsStale())
        {
            return Volatile.Read(ref _members);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (IsStale())
            {
                _lastRead = _time.GetUtcNow();
                var answer = await _groups.ListUserIdsAsync(_options.RecipientGroupId, cancellationToken);
                answer.Match<bool>(
                    found =>
                    {
                        Volatile.Write(ref _members, [.. found.Select(m => Guid.TryParse(m, out var g) ? g.ToString() : m)]);
                        LogGroupRead(_logger, _options.RecipientGroupId, found.Count);
                        return true;
                    },
                    () =>
                    {
                        LogGroupNotFound(_logger, _options.RecipientGroupId, _members.Count);
                        return false;
                    },
                    unavailable =>
                    {
                        LogGroupUnavailable(_logger, _options.RecipientGroupId, unavailable.Reason, _members.Count);
                        return false;
                    });
            }
        }
        finally
        {
            _refresh.Release();
        }

        return Volatile.Read(ref _members);
    }

    public void Dispose() => _refresh.Dispose();

    private bool IsStale() => _lastRead is not { } last || _time.GetUtcNow() - last >= _options.GroupRefreshInterval;

    private DigestRecipient Resolve(string id, DigestScheduleOptions schedule, bool fromGroup) => new(
        id,
        CardOptions.FindTimeZone(schedule.TimeZone)!,
        schedule.Cadence switch
        {
            DigestCadenceSetting.Weekly => [DigestCadence.Weekly],
            DigestCadenceSetting.Both => [DigestCadence.Daily, DigestCadence.Weekly],
            _ => [DigestCadence.Daily],
        },
        schedule.WeeklyDay,
        schedule.LocalHour,
        [.. schedule.Departments.Select(d => _router.FindDepartment(d)?.Id ?? d).Distinct(StringComparer.OrdinalIgnoreCase)],
        string.IsNullOrWhiteSpace(schedule.Locale) ? null : schedule.Locale.Trim(),
        fromGroup);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Digest recipients' group {GroupId}: {Count} users")]
    private static partial void LogGroupRead(ILogger logger, string groupId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest recipients' group {GroupId} was not found in the directory; keeping the last list ({Count} users)")]
    private static partial void LogGroupNotFound(ILogger logger, string groupId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest recipients' group {GroupId} could not be read ({Reason}); keeping the last list ({Count} users)")]
    private static partial void LogGroupUnavailable(ILogger logger, string groupId, string reason, int count);
}
