namespace TeamsEscalationBot.Domain.Sla;

/// <summary>How a policy counts time towards its targets.</summary>
public enum SlaCounting
{
    /// <summary>Only while the department is open (its weekly opening hours, minus holidays, in its time zone).</summary>
    BusinessHours,

    /// <summary>Around the clock: every elapsed hour counts.</summary>
    CalendarHours,
}
