namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// What the complaints of a crisis share: a department id, a category as written, or keywords (normalized words,
/// separated by single spaces, most shared first).
/// </summary>
public sealed record CrisisTrait(CrisisTraitKind Kind, string Value)
{
    /// <summary>The keywords of a <see cref="CrisisTraitKind.Keywords"/> trait; empty for the other kinds.</summary>
    internal IReadOnlyList<string> Keywords =>
        Kind == CrisisTraitKind.Keywords ? Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
}
