namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Named, time-limited leases in the shared storage: at most one holder per name at a time. A lease that is not renewed
/// runs out and anyone may take it; only its holder renews or releases it. On SQLite a row in the database, on Azure a
/// blob lease (whose expiry runs on the storage service's clock). Durations are 15 to 60 seconds on both.
/// </summary>
internal interface ILeaseStore
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> when it is free, has run out, or is already
    /// theirs (then it is renewed); refused while someone else holds it.
    /// </summary>
    Task<LeaseClaim> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Extends the lease by <paramref name="duration"/> from now; false unless <paramref name="holder"/> holds it.</summary>
    Task<bool> RenewAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Frees the lease at once so another can take it; false (and nothing changes) unless <paramref name="holder"/> holds it.</summary>
    Task<bool> ReleaseAsync(string name, string holder, CancellationToken cancellationToken);
}

/// <summary>
/// The answer to <see cref="ILeaseStore.TryAcquireAsync"/>: whether the lease is now the caller's, and when it was taken
/// over from another holder whose lease ran out without a release, who that was.
/// </summary>
internal sealed record LeaseClaim(bool Acquired, string? TakenOverFrom = null)
{
    public static LeaseClaim Refused { get; } = new(false);
}
