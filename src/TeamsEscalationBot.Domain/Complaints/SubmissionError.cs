namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>One problem with a submission; Field is the camelCase name intake uses on the wire.</summary>
public sealed record SubmissionError(string Field, string Message);
