namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// When the escalation levels of a target fall due: the reminder at <see cref="ReminderShare"/> of the target, the
/// breach at the target, the second level at <see cref="SecondLevelFactor"/> times the target, all counted in the
/// clock's working time (business or calendar hours), like the due instant.
/// </summary>
public sealed record EscalationPolicy
{
    public static EscalationPolicy Default { get; } = new();

    /// <summary>Share of the target after which the reminder falls due, greater than 0 and less than 1.</summary>
    public double ReminderShare { get; init; } = 0.75;

    /// <summary>Multiple of the target after which the second level falls due, greater than 1.</summary>
    public double SecondLevelFactor { get; init; } = 2.0;

    /// <summary>Every problem, each naming its key under <paramref name="prefix"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string prefix = "Sla:Escalation")
    {
        var problems = new List<string>();
        if (!(ReminderShare > 0 && ReminderShare < 1))
        {
            problems.Add($"{prefix}:ReminderShare ({ReminderShare}) must be greater than 0 and less than 1.");
        }

        if (!(SecondLevelFactor > 1 && SecondLevelFactor <= 100))
        {
            problems.Add($"{prefix}:SecondLevelFactor ({SecondLevelFactor}) must be greater than 1 and at most 100.");
        }

        return problems;
    }

    /// <summary>The share of the target at which <paramref name="level"/> falls due.</summary>
    public double ShareOf(EscalationLevel level) => level switch
    {
        EscalationLevel.Reminder => ReminderShare,
        EscalationLevel.Breach => 1.0,
        _ => SecondLevelFactor,
    };
}
