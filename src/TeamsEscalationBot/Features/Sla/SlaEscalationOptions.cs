using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Sla;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// Reminders and escalation, section <c>Sla:Escalation</c> (docs/sla.md): when each level falls due and how often the
/// scheduler looks for due work. The levels count in each clock's own working time.
/// </summary>
internal sealed class SlaEscalationOptions
{
    public const string SectionName = "Sla:Escalation";

    /// <summary>False: no reminders or escalation are sent (the clocks and the card still run).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share of a target after which the owner (or the channel) is reminded; 0 &lt; share &lt; 1.</summary>
    public double ReminderShare { get; set; } = 0.75;

    /// <summary>Multiple of a target after which the executives are told; greater than 1.</summary>
    public double SecondLevelFactor { get; set; } = 2.0;

    /// <summary>How often the scheduler wakes up to send what fell due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Complaints read per page of due work.</summary>
    public int PageSize { get; set; } = 100;

    public EscalationPolicy ToPolicy() => new() { ReminderShare = ReminderShare, SecondLevelFactor = SecondLevelFactor };
}

internal sealed class SlaEscalationOptionsValidator : IValidateOptions<SlaEscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaEscalationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.ToPolicy().Validate(SlaEscalationOptions.SectionName).ToList();
        if (options.Interval < TimeSpan.FromMilliseconds(10) || options.Interval > TimeSpan.FromHours(1))
        {
            problems.Add($"{SlaEscalationOptions.SectionName}:Interval ({options.Interval}) must be between 00:00:00.010 and 01:00:00.");
        }

        if (options.PageSize is < 1 or > Storage.ComplaintQuery.MaxPageSize)
        {
            problems.Add($"{SlaEscalationOptions.SectionName}:PageSize ({options.PageSize}) must be between 1 and {Storage.ComplaintQuery.MaxPageSize}.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
