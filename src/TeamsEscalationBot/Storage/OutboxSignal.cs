using System.Threading.Channels;

namespace TeamsEscalationBot.Storage;

/// <summary>Wakes the local outbox worker when this process has just written outbox items, instead of waiting for the next poll.</summary>
internal sealed class OutboxSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => channel.Writer.TryWrite(true);

    /// <summary>Returns when notified (a notification before the call counts) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (channel.Reader.TryRead(out _))
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var notified = channel.Reader.WaitToReadAsync(stop.Token).AsTask();
        var elapsed = Task.Delay(timeout, timeProvider, stop.Token);
        await Task.WhenAny(notified, elapsed);
        await stop.CancelAsync();
        channel.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
