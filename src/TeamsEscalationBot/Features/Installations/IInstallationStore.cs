namespace TeamsEscalationBot.Features.Installations;

/// <summary>
/// Bot installations, keyed by conversation id. <see cref="UpsertAsync"/> inserts or replaces every field except
/// <see cref="Installation.InstalledAt"/>, which keeps the value of the first install. When several installations
/// match a Find call, the one seen most recently wins.
/// </summary>
internal interface IInstallationStore
{
    Task UpsertAsync(Installation installation, CancellationToken cancellationToken);

    /// <summary>Removes the installation; false when there was none.</summary>
    Task<bool> RemoveAsync(string conversationId, CancellationToken cancellationToken);

    Task<Installation?> GetAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>The personal (1:1) installation of the user with this Entra object id.</summary>
    Task<Installation?> FindPersonalAsync(string userAadObjectId, CancellationToken cancellationToken);

    /// <summary>The team installation of the team with this (Bot Framework) team id.</summary>
    Task<Installation?> FindTeamAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>The distinct service URLs of the current installations, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListServiceUrlsAsync(CancellationToken cancellationToken);
}
