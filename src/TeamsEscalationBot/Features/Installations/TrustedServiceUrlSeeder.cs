using TeamsEscalationBot.BotFramework.Connector;

namespace TeamsEscalationBot.Features.Installations;

/// <summary>
/// Re-trusts, after a restart, the service URLs stored from earlier authenticated activities, so proactive posts to
/// those conversations work before their next inbound activity.
/// </summary>
internal sealed class TrustedServiceUrlSeeder(IInstallationStore store, ServiceUrlTrust trust) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var serviceUrl in await store.ListServiceUrlsAsync(cancellationToken))
        {
            trust.TrustStored(serviceUrl);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
