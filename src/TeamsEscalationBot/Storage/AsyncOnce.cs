namespace TeamsEscalationBot.Storage;

/// <summary>
/// Runs an asynchronous initialisation once for all callers; a failed or cancelled run is started again by the
/// next caller. The run itself is not cancelled by one caller giving up, since others may be waiting on it.
/// </summary>
internal sealed class AsyncOnce(Func<CancellationToken, Task> initialize)
{
    private readonly Lock sync = new();
    private Task? run;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task current;
        lock (sync)
        {
            if (run is null || run.IsFaulted || run.IsCanceled)
            {
                run = Task.Run(() => initialize(CancellationToken.None), CancellationToken.None);
            }

            current = run;
        }

        return current.IsCompletedSuccessfully ? Task.CompletedTask : current.WaitAsync(cancellationToken);
    }
}
