namespace TeamsEscalationBot.Domain.Routing;

/// <summary>The department chosen for a complaint, the rule that chose it and a short English explanation.</summary>
public sealed record RoutingDecision(
    string DepartmentId,
    RoutingRule Rule,
    IReadOnlyList<string> MatchedKeywords,
    string Explanation);
