namespace TeamsEscalationBot.Domain.Reports;

/// <summary>A half-open span of time [<see cref="From"/>, <see cref="To"/>): it includes its start, not its end.</summary>
public sealed record ReportPeriod
{
    public ReportPeriod(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"A period must end after it starts ({from:O} to {to:O}).", nameof(to));
        }

        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public TimeSpan Length => To - From;

    public bool Contains(DateTimeOffset instant) => instant >= From && instant < To;

    public bool Contains(DateTimeOffset? instant) => instant is { } value && Contains(value);

    /// <summary>The period of the same length that ends where this one starts.</summary>
    public ReportPeriod Preceding() => new(From - Length, From);
}
