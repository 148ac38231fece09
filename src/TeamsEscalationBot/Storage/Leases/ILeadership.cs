namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Which instance of a deployment does the work that must run in one place only (the service-level scheduler, the
/// digest scheduler, the outbox drain): the holder of one lease in the shared storage (docs/storage.md). Work loops wait
/// for <see cref="WaitForTermAsync"/> and stop when the term's token is cancelled (the lease was lost or not renewed in
/// time); an instance that is not the holder stands by and takes over within one lease period when the holder dies.
/// </summary>
internal interface ILeadership
{
    /// <summary>This process's name in the lease (logged, and kept in the lease record).</summary>
    string InstanceId { get; }

    /// <summary>True while this instance holds the lease and its last renewal has not run out.</summary>
    bool IsLeader { get; }

    /// <summary>
    /// Completes when this instance holds the lease (at once when it does) with a token that is cancelled when it no
    /// longer does; cancelled by <paramref name="cancellationToken"/>.
    /// </summary>
    Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The leadership of a single instance that shares its storage with nobody: always the leader. Registered until a
/// lease-backed implementation replaces it.
/// </summary>
internal sealed class SoleLeadership : ILeadership
{
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    public bool IsLeader => true;

    public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled<CancellationToken>(cancellationToken) : Task.FromResult(CancellationToken.None);
}

/// <summary>The loop every single-instance worker runs: wait for a term, work while it lasts, wait for the next.</summary>
internal static class LeadershipExtensions
{
    /// <summary>
    /// The token of the next term (<see cref="ILeadership.WaitForTermAsync"/>); null when <paramref name="stoppingToken"/>
    /// is cancelled before or while waiting (the host is stopping), so a worker loops
    /// <c>while (await leadership.NextTermAsync(stoppingToken) is { } term)</c>.
    /// </summary>
    public static async Task<CancellationToken?> NextTermAsync(this ILeadership leadership, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        if (stoppingToken.IsCancellationRequested)
        {
            return null;
        }

        try
        {
            return await leadership.WaitForTermAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
