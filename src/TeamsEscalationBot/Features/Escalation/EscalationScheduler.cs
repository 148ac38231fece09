using Microsoft.Extensions.Options;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.Storage.Leases;

namespace TeamsEscalationBot.Features.Escalation;

/// <summary>
/// Wakes every <c>Sla:Escalation:Interval</c> (30 s) of <see cref="TimeProvider"/> time and runs an
/// <see cref="EscalationPass"/>, only while this instance holds the leadership term (<see cref="ILeadership"/>): one
/// scheduler across instances. Even two at once would record each step once (the optimistic write decides), but
/// they would do the work twice. Off when <c>Sla:Escalation:Enabled</c> is false.
/// </summary>
internal sealed partial class EscalationScheduler(
    EscalationPass pass,
    ILeadership leadership,
    IOptions<SlaEscalationOptions> options,
    TimeProvider time,
    ILogger<EscalationScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        while (await leadership.NextTermAsync(stoppingToken) is { } term)
        {
            LogTermStarted(logger, leadership.InstanceId);
            using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await RunTermAsync(running.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                LogTermEnded(logger, leadership.InstanceId);
            }
        }
    }

    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await pass.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage trouble: the next pass tries again; nothing is half-done (each write is atomic).
                LogPassFailed(logger, ex);
            }

            await Task.Delay(options.Value.Interval, time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Service-level escalation is off (Sla:Escalation:Enabled is false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation scheduler running on {InstanceId} (leadership term started)")]
    private static partial void LogTermStarted(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation scheduler on {InstanceId} stopped: the leadership term ended")]
    private static partial void LogTermEnded(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An escalation pass failed; the next one tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
