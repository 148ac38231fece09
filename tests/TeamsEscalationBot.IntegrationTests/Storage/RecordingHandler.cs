using System.Collections.Concurrent;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>A test outbox handler: records every delivery and answers what the test tells it to.</summary>
internal sealed class RecordingHandler(string kind = "post-card", Func<OutboxItem, OutboxResult>? answer = null) : IOutboxHandler
{
    public string Kind { get; } = kind;

    public ConcurrentQueue<OutboxItem> Deliveries { get; } = new();

    public Func<OutboxItem, OutboxResult> Answer { get; set; } = answer ?? (_ => OutboxResult.Done);

    public int CountFor(string itemId) => Deliveries.Count(d => d.Id == itemId);

    public Task<OutboxResult> HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        Deliveries.Enqueue(item);
        return Task.FromResult(Answer(item));
    }
}

/// <summary>Thrown where a test pretends the process died.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash.")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
