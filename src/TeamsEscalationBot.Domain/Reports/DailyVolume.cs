namespace TeamsEscalationBot.Domain.Reports;

/// <summary>Complaints received on one local day.</summary>
public sealed record DailyVolume(DateOnly Day, int Received);
