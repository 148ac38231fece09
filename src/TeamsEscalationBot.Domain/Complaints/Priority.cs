namespace TeamsEscalationBot.Domain.Complaints;

public enum Priority
{
    Low,
    Normal,
    High,
    Critical,
}
