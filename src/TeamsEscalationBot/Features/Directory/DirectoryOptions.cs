namespace TeamsEscalationBot.Features.Directory;

internal enum DirectoryProvider
{
    /// <summary>Microsoft Graph with the bot's app-only credential.</summary>
    Graph,
    /// <summary>Users listed under <c>Directory:Static:Users</c>; Development only (local runs, Agents Playground).</summary>
    Static,
}

/// <summary>Configuration section <c>Directory</c>.</summary>
internal sealed class DirectoryOptions
{
    public const string SectionName = "Directory";
    public static readonly TimeSpan MinCacheLifetime = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxCacheLifetime = TimeSpan.FromHours(1);

    /// <summary>When not set: Static in Development, Graph elsewhere.</summary>
    public DirectoryProvider? Provider { get; set; }

    /// <summary>How long a profile or membership answer from Graph is reused. "Not found" is kept for a shorter time.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public StaticDirectoryOptions Static { get; } = new();

    /// <summary>"Not found" is cached briefly, so a user created a moment ago is found soon.</summary>
    public TimeSpan NotFoundCacheLifetime => CacheLifetime < TimeSpan.FromSeconds(30) ? CacheLifetime : TimeSpan.FromSeconds(30);
}

/// <summary>Configuration section <c>Directory:Static</c>.</summary>
internal sealed class StaticDirectoryOptions
{
    public IList<StaticDirectoryUser> Users { get; } = [];
}

/// <summary>One entry of <c>Directory:Static:Users</c>.</summary>
internal sealed class StaticDirectoryUser
{
    public string? AadObjectId { get; set; }
    public string? DisplayName { get; set; }
    public string? Mail { get; set; }
    public string? JobTitle { get; set; }
    public string? UserPrincipalName { get; set; }

    /// <summary>Ids of the departments (as configured under <c>Departments</c>) the user is a member of.</summary>
    public IList<string> Departments { get; } = [];
}

/// <summary>Configuration section <c>Graph</c>.</summary>
internal sealed class GraphOptions
{
    public const string SectionName = "Graph";
    public const string DefaultBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>
    /// Always asked for explicitly: without it the SDK would ask for "{scheme}://{host}/.default" of whatever host
    /// <see cref="BaseUrl"/> names (a fake Graph in tests).
    /// </summary>
    public const string Scope = "https://graph.microsoft.com/.default";

    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxMaxRetryWait = TimeSpan.FromMinutes(1);

    /// <summary>The Graph root, version included.</summary>
    public string BaseUrl { get; set; } = DefaultBaseUrl;

    /// <summary>Bound on one directory call including the SDK's retries; past it the answer is "unavailable".</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The most the SDK's retry handler waits in total (Retry-After or backoff) inside one call. When Graph asks for a
    /// longer wait, the call returns at once as "unavailable, retry after N seconds" instead of holding a card action.
    /// </summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Configuration section <c>Teams</c> (the part the directory uses).</summary>
internal sealed class TeamsAppOptions
{
    public const string SectionName = "Teams";

    /// <summary>
    /// The app's id in the tenant's Teams app catalog (Graph <c>appCatalogs/teamsApps/{id}</c>), used to install the app
    /// for a user. Optional: without it, installing answers "unavailable: not configured".
    /// </summary>
    public string? CatalogAppId { get; set; }

    /// <summary>
    /// The Connector service URL for proactive posts into a team or chat the bot has not heard from yet (normally
    /// the stored installation's service URL is used). Teams' public-cloud global endpoint by default.
    /// </summary>
    public string DefaultServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";
}
