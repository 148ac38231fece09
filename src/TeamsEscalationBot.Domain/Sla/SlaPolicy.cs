using System.Collections.ObjectModel;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// Service-level targets of the default policy or of one department. A department's policy inherits what it leaves
/// out from the default policy: targets (per priority, see <see cref="SlaPolicySet.Resolve"/>), how time is counted,
/// the business hours and the due-soon share.
/// </summary>
public sealed record SlaPolicy
{
    /// <summary>Targets for every priority without its own entry in <see cref="Priorities"/>.</summary>
    public SlaTargets? Targets { get; init; }

    /// <summary>Targets for one priority; they replace <see cref="Targets"/> as a pair.</summary>
    public IReadOnlyDictionary<Priority, SlaTargets> Priorities { get; init; } = ReadOnlyDictionary<Priority, SlaTargets>.Empty;

    /// <summary>
    /// How time counts. When not set: business hours if this policy sets <see cref="BusinessHours"/>, else as the
    /// default policy counts, else calendar hours. Set <see cref="SlaCounting.CalendarHours"/> to count every hour in a
    /// department whose default counts business hours.
    /// </summary>
    public SlaCounting? CountIn { get; init; }

    /// <summary>Opening hours when time counts in business hours; a department without its own uses the default's.</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Share of a target after which it is due soon, greater than 0 and less than 1; 0.75 when nobody sets it.</summary>
    public double? DueSoonShare { get; init; }

    /// <summary>How this policy itself says time counts, or null to inherit.</summary>
    internal SlaCounting? OwnCounting => CountIn ?? (BusinessHours is not null ? SlaCounting.BusinessHours : null);

    /// <summary>This policy's targets for <paramref name="priority"/>: its override, else its default targets, else null.</summary>
    internal SlaTargets? TargetsFor(Priority priority) =>
        Priorities is not null && Priorities.TryGetValue(priority, out var own) && own is not null ? own : Targets;
}
