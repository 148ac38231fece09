using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TeamsEscalationBot.TestHarness.Recording;

/// <summary>Injected failures for a fake server: each answers the next <see cref="IInjectedFault{T}.Count"/> matching requests.</summary>
public sealed class InjectedFaults<TRequest, TFault>
    where TFault : class, IInjectedFault<TRequest>
{
    private readonly List<Pending> _faults = [];

    public void Add(TFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Add(new Pending(fault));
        }
    }

    /// <summary>The first fault that still applies to <paramref name="request"/>, used up by one; null when none does.</summary>
    public TFault? Take(TRequest request)
    {
        lock (_faults)
        {
            var pending = _faults.FirstOrDefault(f => f.Remaining > 0 && (f.Fault.Match?.Invoke(request) ?? true));
            if (pending is null)
            {
                return null;
            }

            pending.Remaining--;
            return pending.Fault;
        }
    }

    private sealed class Pending(TFault fault)
    {
        public TFault Fault { get; } = fault;

        public int Remaining { get; set; } = fault.Count;
    }
}

/// <summary>A failure a fake server answers instead of success.</summary>
public interface IInjectedFault<in TRequest>
{
    int Status { get; }

    /// <summary>How many matching requests it answers.</summary>
    int Count { get; }

    TimeSpan? RetryAfter { get; }

    /// <summary>Which requests it applies to; null means any request.</summary>
    Func<TRequest, bool>? Match { get; }
}

public static class RetryAfterHeader
{
    /// <summary>Writes <c>Retry-After</c> in whole seconds (rounded up), as Bot Framework, Graph and most APIs do.</summary>
    public static void Set(HttpResponse response, TimeSpan? wait)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (wait is { } value)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }
}
