using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Says whether this instance is the leader or a standby. Always healthy: a standby serves requests as well as the
/// leader does, so readiness never depends on holding the lease.
/// </summary>
internal sealed class LeadershipHealthCheck(ILeadership leadership) : IHealthCheck
{
    public const string Name = "leadership";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy(
            leadership.IsLeader
                ? $"Leader: instance {leadership.InstanceId} drains the outbox and runs the schedulers."
                : $"Standby: instance {leadership.InstanceId} serves requests; another instance holds the lease.",
            new Dictionary<string, object> { ["leader"] = leadership.IsLeader, ["instance"] = leadership.InstanceId }));
}
