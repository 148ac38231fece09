namespace TeamsEscalationBot.Domain.Routing;

/// <summary>The rule that chose a complaint's department, in the order they are tried.</summary>
public enum RoutingRule
{
    Explicit,
    Category,
    Keyword,
    Triage,
}
