using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;

namespace TeamsEscalationBot.TestHarness;

/// <summary>
/// The one bounded wait for what a test expects to happen asynchronously (an outbox delivery, a state change): asks a
/// probe again and again until its answer is done, or fails with the last answer it saw. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    /// <summary>Generous on purpose: a slow, shared machine must not lose a wait that a fast one wins by far.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Calls <paramref name="probe"/> until <paramref name="done"/> accepts its answer and returns that answer. A probe
    /// still running at the deadline is cancelled through its token.
    /// </summary>
    /// <exception cref="TimeoutException">Not done within <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>); says the last answer.</exception>
    public static async Task<T> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe, Func<T, bool> done, CancellationToken cancellationToken, TimeSpan? timeout = null, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var limit = timeout ?? DefaultTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var attempts = 0;
        var last = "nothing yet (the first probe did not finish)";
        try
        {
            while (true)
            {
                var answer = await probe(deadline.Token);
                attempts++;
                if (done(answer))
                {
                    return answer;
                }

                last = Describe(answer);
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture,
                $"Waited {limit.TotalSeconds:0.#} s ({attempts} checks) {because ?? "for the expected condition"}, in vain. Last seen: {last}"));
        }
    }

    /// <summary>Calls <paramref name="condition"/> until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).</exception>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken, TimeSpan? timeout = null, string? because = null) =>
        UntilAsync(condition, holds => holds, cancellationToken, timeout, because);

    private static string Describe<T>(T answer) => answer switch
    {
        null => "null",
        string text => text,
        JsonNode json => json.ToJsonString(),
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(item => item is JsonNode json ? json.ToJsonString() : item?.ToString()))}]",
        _ => answer.ToString() ?? string.Empty,
    };
}
