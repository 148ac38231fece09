using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>How many of a crisis's complaints came from one network.</summary>
public sealed record NetworkCount(Network Network, int Complaints);
