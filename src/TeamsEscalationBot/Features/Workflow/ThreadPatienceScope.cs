using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Workflow;

/// <summary>
/// Runs every outbox delivery with <see cref="ConnectorPatience"/> set to <c>Storage:Outbox:ThreadPatience</c>: a
/// delivery whose Teams thread would keep it waiting longer is not sent, and the item is put back until the thread has
/// room (<see cref="OutboxResult.Defer"/>, no attempt counted), so the worker's slot goes to another thread's work. A
/// 429 from Teams with a <c>Retry-After</c> is the same throttling seen from Teams' side and is put back the same way,
/// for exactly that long: throttling, however long it lasts, never uses up an item's attempts.
/// </summary>
internal sealed class ThreadPatienceScope(IOptions<StorageOptions> options) : IOutboxHandlerScope
{
    public async Task<OutboxResult> RunAsync(OutboxItem item, Func<CancellationToken, Task<OutboxResult>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using (ConnectorPatience.WaitAtMost(options.Value.Outbox.ThreadPatience))
        {
            try
            {
                return await handle(cancellationToken);
            }
            catch (ConnectorThrottledException ex)
            {
                return OutboxResult.Defer(ex.RetryAfter, "Teams' rate limit for its thread or the app");
            }
        }
    }
}
