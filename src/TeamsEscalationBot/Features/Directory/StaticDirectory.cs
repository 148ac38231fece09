using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// The users listed under <c>Directory:Static:Users</c>, for local runs and the Agents Playground (Development only;
/// the host refuses it elsewhere). Department membership is the user's <c>Departments</c> list of department ids.
/// </summary>
internal sealed class StaticDirectory : IDirectory, IGroupMembers
{
    private readonly Dictionary<string, StaticDirectoryUser> _users = new(StringComparer.OrdinalIgnoreCase);

    public StaticDirectory(IOptions<DirectoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var user in options.Value.Static.Users)
        {
            // Options are validated before this runs: every id is a GUID.
            _users[Guid.Parse(user.AadObjectId!).ToString()] = user;
            if (!string.IsNullOrWhiteSpace(user.UserPrincipalName))
            {
                _users[user.UserPrincipalName] = user;
            }
        }
    }

    public Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectIdOrUpn);
        return Task.FromResult(Find(aadObjectIdOrUpn) is { } user
            ? DirectoryLookup.Found(new DirectoryUser(
                Guid.Parse(user.AadObjectId!).ToString(), user.DisplayName!, Blank(user.Mail), Blank(user.JobTitle), Blank(user.UserPrincipalName)))
            : DirectoryLookup.NotFound<DirectoryUser>());
    }

    public Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(department);
        return Task.FromResult(Find(aadObjectId) is { } user
            ? DirectoryLookup.Found(user.Departments.Contains(department.Id, StringComparer.OrdinalIgnoreCase))
            : DirectoryLookup.NotFound<bool>());
    }

    /// <summary>A local emulator needs no installation: always "installed".</summary>
    public Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        return Task.FromResult(DirectoryLookup.Found(true));
    }

    /// <summary>The static directory has users, not groups: every group is unknown.</summary>
    public Task<DirectoryLookup<IReadOnlyList<string>>> ListUserIdsAsync(string groupId, CancellationToken cancellationToken) =>
        Task.FromResult(DirectoryLookup.NotFound<IReadOnlyList<string>>());

    private StaticDirectoryUser? Find(string aadObjectIdOrUpn)
    {
        var key = aadObjectIdOrUpn.Trim();
        return _users.GetValueOrDefault(Guid.TryParse(key, out var id) ? id.ToString() : key);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
