namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>A department member, identified by their Entra object id.</summary>
public sealed record Person(string AadObjectId, string DisplayName)
{
    internal bool IsSamePerson(Person other) =>
        string.Equals(AadObjectId, other.AadObjectId, StringComparison.OrdinalIgnoreCase);
}
