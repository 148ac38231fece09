using System.Globalization;
using System.Net;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// Turns Graph failures into directory answers and logs them. Configuration problems (a missing permission, a rejected
/// token) are logged at Error at most once a minute per operation, so a broken deployment is loud but not flooding.
/// </summary>
internal sealed partial class GraphFailures(TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan ErrorLogInterval = TimeSpan.FromMinutes(1);
    private readonly long[] _lastErrorLogTicks = new long[Enum.GetValues<GraphOperation>().Length];

    public static string PermissionFor(GraphOperation operation) => operation switch
    {
        GraphOperation.UserProfile => "User.Read.All",
        GraphOperation.Membership => "GroupMember.Read.All (with User.Read.All)",
        GraphOperation.InstallApp => "TeamsAppInstallation.ReadWriteForUser.All",
        GraphOperation.GroupMembers => "GroupMember.Read.All",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static string Describe(GraphOperation operation) => operation switch
    {
        GraphOperation.UserProfile => "the user profile lookup",
        GraphOperation.Membership => "the department membership check",
        GraphOperation.InstallApp => "installing the Teams app for a user",
        GraphOperation.GroupMembers => "listing the digest recipients' group",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public DirectoryLookup<T> FromResponse<T>(GraphOperation operation, ApiException error)
    {
        var status = error.ResponseStatusCode;
        var code = (error as ODataError)?.Error?.Code ?? "no error code";
        var retryAfter = RetryAfter(error.ResponseHeaders);
        switch (status)
        {
            case (int)HttpStatusCode.NotFound:
                return DirectoryLookup.NotFound<T>();
            case (int)HttpStatusCode.Forbidden:
                var permission = PermissionFor(operation);
                if (ShouldLogError(operation))
                {
                    LogPermissionMissing(logger, Describe(operation), code, permission);
                }

                return DirectoryLookup.Unavailable<T>(
                    $"Microsoft Graph refused {Describe(operation)} (403 {code}): the bot's identity needs the application permission " +
                    $"{permission}, with admin consent.");
            case (int)HttpStatusCode.Unauthorized:
                if (ShouldLogError(operation))
                {
                    LogTokenRejected(logger, Describe(operation), code);
                }

                return DirectoryLookup.Unavailable<T>($"Microsoft Graph rejected the bot's token for {Describe(operation)} (401 {code}).");
            default:
                LogGraphFailed(logger, Describe(operation), status, code, retryAfter);
                var what = status == (int)HttpStatusCode.TooManyRequests ? "is throttling the bot" : "could not answer";
                return DirectoryLookup.Unavailable<T>($"Microsoft Graph {what} ({status} {code}) for {Describe(operation)}.", retryAfter);
        }
    }

    public DirectoryLookup<T> Unreachable<T>(GraphOperation operation, HttpRequestException error)
    {
        LogUnreachable(logger, error, Describe(operation));
        return DirectoryLookup.Unavailable<T>($"Microsoft Graph could not be reached for {Describe(operation)}.");
    }

    public DirectoryLookup<T> TimedOut<T>(GraphOperation operation, TimeSpan timeout)
    {
        LogTimedOut(logger, Describe(operation), timeout);
        return DirectoryLookup.Unavailable<T>($"Microsoft Graph did not answer {Describe(operation)} within {timeout.TotalSeconds:0} s (Graph:Timeout).");
    }

    public DirectoryLookup<T> NoToken<T>(GraphOperation operation, Exception error)
    {
        if (ShouldLogError(operation))
        {
            LogNoToken(logger, error, Describe(operation));
        }

        return DirectoryLookup.Unavailable<T>($"The bot's credential could not get a Microsoft Graph token for {Describe(operation)}.");
    }

    public void BadGroupId(string departmentId)
    {
        if (ShouldLogError(GraphOperation.Membership))
        {
            LogBadGroupId(logger, departmentId);
        }
    }

    public void CatalogAppNotConfigured()
    {
        if (ShouldLogError(GraphOperation.InstallApp))
        {
            LogCatalogAppNotConfigured(logger);
        }
    }

    private bool ShouldLogError(GraphOperation operation)
    {
        var now = time.GetUtcNow().UtcTicks;
        ref var slot = ref _lastErrorLogTicks[(int)operation];
        var last = Volatile.Read(ref slot);
        return (last == 0 || now - last >= ErrorLogInterval.Ticks) && Interlocked.CompareExchange(ref slot, now, last) == last;
    }

    private TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers) => RetryAfter(headers, time.GetUtcNow());

    /// <summary>
    /// Retry-After of a Graph answer, in seconds or as an HTTP date (from <paramref name="now"/>; never negative); the SDK
    /// reports headers in either letter case. Null when there is none or it cannot be read.
    /// </summary>
    public static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers, DateTimeOffset now)
    {
        var value = headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - now is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Microsoft Graph refused {Operation} (403 {Code}): grant the bot's identity the application permission {Permission} with admin consent")]
    private static partial void LogPermissionMissing(ILogger logger, string operation, string code, string permission);

    [LoggerMessage(Level = LogLevel.Error, Message = "Microsoft Graph rejected the bot's token for {Operation} (401 {Code})")]
    private static partial void LogTokenRejected(ILogger logger, string operation, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot's credential could not get a Microsoft Graph token for {Operation}")]
    private static partial void LogNoToken(ILogger logger, Exception error, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph could not answer {Operation}: {Status} {Code}, retry after {RetryAfter}")]
    private static partial void LogGraphFailed(ILogger logger, string operation, int status, string code, TimeSpan? retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph could not be reached for {Operation}")]
    private static partial void LogUnreachable(ILogger logger, Exception error, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph did not answer {Operation} within {Timeout}")]
    private static partial void LogTimedOut(ILogger logger, string operation, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Department {DepartmentId} has no valid Entra group id (Departments: EntraGroupId must be a GUID)")]
    private static partial void LogBadGroupId(ILogger logger, string departmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams:CatalogAppId is not configured: the Teams app cannot be installed for users")]
    private static partial void LogCatalogAppNotConfigured(ILogger logger);
}
