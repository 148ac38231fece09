using System.Net;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The directory in Microsoft Graph, called with the bot's app-only credential through the Graph SDK, whose own retry
/// handler (429/503/504, Retry-After) stays in the pipeline. Every failure becomes <c>Unavailable</c> (with the wait
/// Graph asked for, when it said), never a "no".
/// </summary>
internal sealed partial class GraphDirectory : IDirectory, IGroupMembers
{
    private static readonly string[] UserProperties = ["id", "displayName", "mail", "jobTitle", "userPrincipalName"];

    /// <summary>At most this many pages (of up to 999 members) of a group are read: a bound, not a limit anyone should reach.</summary>
    private const int MaxMemberPages = 50;

    private readonly GraphServiceClient _graph;
    private readonly GraphOptions _options;
    private readonly string? _catalogAppId;
    private readonly RetryHandlerOption _retry;
    private readonly GraphFailures _failures;
    private readonly ILogger<GraphDirectory> _logger;

    public GraphDirectory(
        BotGraphClient graph, IOptions<TeamsAppOptions> teamsOptions, TimeProvider time, ILogger<GraphDirectory> logger)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(teamsOptions);
        _graph = graph.Client ?? throw new InvalidOperationException(
            "Directory:Provider=Graph needs the bot's app-only credential, but none is configured (Bot:CredentialType).");
        _options = graph.Options;
        _catalogAppId = Guid.TryParse(teamsOptions.Value.CatalogAppId, out var appId) ? appId.ToString() : null;
        _logger = logger;
        _failures = new GraphFailures(time, logger);
        _retry = graph.Retry;
        BaseUrl = graph.BaseUrl;
    }

    public string BaseUrl { get; }

    public Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectIdOrUpn);
        var key = aadObjectIdOrUpn.Trim();
        if (!UserKeys.IsObjectId(key) && !UserKeys.IsUserPrincipalName(key))
        {
            return Task.FromResult(DirectoryLookup.NotFound<DirectoryUser>());
        }

        return CallAsync(GraphOperation.UserProfile, async token =>
        {
            var user = await _graph.Users[key].GetAsync(
                request =>
                {
                    request.QueryParameters.Select = UserProperties;
                    request.Options.Add(_retry);
                },
                token);
            return user?.Id is null ? DirectoryLookup.NotFound<DirectoryUser>() : DirectoryLookup.Found(ToDirectoryUser(user));
        }, cancellationToken);
    }

    public Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(department);
        var userId = aadObjectId.Trim();
        if (!UserKeys.IsObjectId(userId))
        {
            return Task.FromResult(DirectoryLookup.NotFound<bool>());
        }

        if (!Guid.TryParse(department.EntraGroupId, out var groupId))
        {
            _failures.BadGroupId(department.Id);
            return Task.FromResult(DirectoryLookup.Unavailable<bool>(
                $"Department '{department.Id}' has no valid Entra group id (EntraGroupId must be a GUID) under Departments."));
        }

        return CallAsync(GraphOperation.Membership, async token =>
        {
            var body = new CheckMemberGroupsPostRequestBody { GroupIds = [groupId.ToString()] };
            var answer = await _graph.Users[userId].CheckMemberGroups.PostAsCheckMemberGroupsPostResponseAsync(
                body, request => request.Options.Add(_retry), token);
            if (answer?.Value is not { } matching)
            {
                return DirectoryLookup.Unavailable<bool>("Microsoft Graph answered checkMemberGroups without a list of groups.");
            }

            return DirectoryLookup.Found(matching.Any(id => Guid.TryParse(id, out var match) && match == groupId));
        }, cancellationToken);
    }

    public Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        var userId = aadObjectId.Trim();
        if (_catalogAppId is null)
        {
            _failures.CatalogAppNotConfigured();
            return Task.FromResult(DirectoryLookup.Unavailable<bool>(
                "Teams:CatalogAppId is not configured, so the Teams app cannot be installed for users."));
        }

        if (!UserKeys.IsObjectId(userId))
        {
            return Task.FromResult(DirectoryLookup.NotFound<bool>());
        }

        return CallAsync(GraphOperation.InstallApp, async token =>
        {
            var installation = new UserScopeTeamsAppInstallation
            {
                AdditionalData = new Dictionary<string, object> { ["teamsApp@odata.bind"] = $"{BaseUrl}/appCatalogs/teamsApps/{_catalogAppId}" },
            };
            try
            {
                await _graph.Users[userId].Teamwork.InstalledApps.PostAsync(installation, request => request.Options.Add(_retry), token);
                LogAppInstalled(_logger, userId);
            }
            catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Conflict)
            {
                LogAppAlreadyInstalled(_logger, userId);
            }

            return DirectoryLookup.Found(true);
        }, cancellationToken);
    }

    public Task<DirectoryLookup<IReadOnlyList<string>>> ListUserIdsAsync(string groupId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        if (!Guid.TryParse(groupId, out var id))
        {
            return Task.FromResult(DirectoryLookup.NotFound<IReadOnlyList<string>>());
        }

        return CallAsync(GraphOperation.GroupMembers, async token =>
        {
            var users = new List<string>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var page = await _graph.Groups[id.ToString()].TransitiveMembers.GetAsync(
                request =>
                {
                    request.QueryParameters.Select = ["id"];
                    request.QueryParameters.Top = 999;
                    request.Options.Add(_retry);
                },
                token);
            for (var pages = 0; page is not null; pages++)
            {
                // Members are users, groups, devices and service principals: only users receive anything.
                foreach (var user in page.Value?.OfType<User>() ?? [])
                {
                    if (user.Id is { Length: > 0 } userId && seen.Add(userId))
                    {
                        users.Add(userId);
                    }
                }

                if (string.IsNullOrEmpty(page.OdataNextLink) || pages >= MaxMemberPages)
                {
                    break;
                }

                page = await _graph.Groups[id.ToString()].TransitiveMembers.WithUrl(page.OdataNextLink).GetAsync(
                    request => request.Options.Add(_retry), token);
            }

            return DirectoryLookup.Found<IReadOnlyList<string>>(users);
        }, cancellationToken);
    }

    /// <summary>Runs one Graph call within <c>Graph:Timeout</c> and turns every way it can fail into an answer.</summary>
    private async Task<DirectoryLookup<T>> CallAsync<T>(
        GraphOperation operation, Func<CancellationToken, Task<DirectoryLookup<T>>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (ApiException error)
        {
            return _failures.FromResponse<T>(operation, error);
        }
        catch (AggregateException error) when (error.InnerExceptions.OfType<ApiException>().LastOrDefault() is { } last)
        {
            // The SDK's retry handler gave up: the last response it saw says why.
            return _failures.FromResponse<T>(operation, last);
        }
        catch (HttpRequestException error)
        {
            return _failures.Unreachable<T>(operation, error);
        }
        catch (AuthenticationFailedException error)
        {
            return _failures.NoToken<T>(operation, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return _failures.TimedOut<T>(operation, _options.Timeout);
        }
    }

    private static DirectoryUser ToDirectoryUser(User user) => new(
        user.Id!,
        string.IsNullOrWhiteSpace(user.DisplayName) ? user.UserPrincipalName ?? user.Id! : user.DisplayName,
        user.Mail,
        user.JobTitle,
        user.UserPrincipalName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Installed the Teams app for user {UserId}")]
    private static partial void LogAppInstalled(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The Teams app was already installed for user {UserId}")]
    private static partial void LogAppAlreadyInstalled(ILogger logger, string userId);
}

/// <summary>What the directory can ask Graph, with the application permission each needs.</summary>
internal enum GraphOperation
{
    UserProfile,
    Membership,
    InstallApp,
    GroupMembers,
}

/// <summary>Which keys are worth sending to Graph at all: anything else cannot name a user.</summary>
internal static class UserKeys
{
    public static bool IsObjectId(string key) => Guid.TryParse(key, out _);

    public static bool IsUserPrincipalName(string key) =>
        key.Length <= 256 && key.IndexOf('@', StringComparison.Ordinal) > 0 && !key.EndsWith('@') &&
        !key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '\\' or '?');
}
