using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Features.Directory;

/// <summary>
/// Caches profile and membership answers of another directory (<c>Directory:CacheLifetime</c>) with one load per key
/// at a time. Installing the app is a write and is passed through.
/// </summary>
internal sealed class CachingDirectory : IDirectory
{
    private readonly IDirectory _inner;
    private readonly LookupCache<DirectoryUser> _users;
    private readonly LookupCache<bool> _memberships;

    public CachingDirectory(IDirectory inner, IOptions<DirectoryOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        _inner = inner;
        _users = new LookupCache<DirectoryUser>(time, value.CacheLifetime, value.NotFoundCacheLifetime);
        _memberships = new LookupCache<bool>(time, value.CacheLifetime, value.NotFoundCacheLifetime);
    }

    public Task<DirectoryLookup<DirectoryUser>> GetUserAsync(string aadObjectIdOrUpn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectIdOrUpn);
        var key = aadObjectIdOrUpn.Trim();
        return _users.GetOrLoadAsync(key, () => _inner.GetUserAsync(key, CancellationToken.None), cancellationToken);
    }

    public Task<DirectoryLookup<bool>> IsDepartmentMemberAsync(string aadObjectId, Department department, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(department);
        var userId = aadObjectId.Trim();
        return _memberships.GetOrLoadAsync(
            $"{userId}|{department.EntraGroupId}", () => _inner.IsDepartmentMemberAsync(userId, department, CancellationToken.None), cancellationToken);
    }

    public Task<DirectoryLookup<bool>> InstallAppForUserAsync(string aadObjectId, CancellationToken cancellationToken) =>
        _inner.InstallAppForUserAsync(aadObjectId, cancellationToken);
}
