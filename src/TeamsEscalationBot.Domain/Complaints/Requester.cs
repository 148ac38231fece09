namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>The community manager who asked; intake may know only some of these.</summary>
public sealed record Requester(string? AadObjectId, string? Upn, string? DisplayName, string? TeamsUserId);
