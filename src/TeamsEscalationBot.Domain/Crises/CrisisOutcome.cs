using System.Diagnostics.CodeAnalysis;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>The result of feeding one complaint: <see cref="Crisis"/> is the crisis opened or joined, null for None.</summary>
public sealed record CrisisOutcome
{
    private CrisisOutcome(CrisisOutcomeKind kind, Crisis? crisis)
    {
        Kind = kind;
        Crisis = crisis;
    }

    public static CrisisOutcome None { get; } = new(CrisisOutcomeKind.None, null);

    public CrisisOutcomeKind Kind { get; }

    public Crisis? Crisis { get; }

    [MemberNotNullWhen(true, nameof(Crisis))]
    public bool HasCrisis => Crisis is not null;

    public static CrisisOutcome Opened(Crisis crisis) => new(CrisisOutcomeKind.Opened, crisis ?? throw new ArgumentNullException(nameof(crisis)));

    public static CrisisOutcome Joined(Crisis crisis) => new(CrisisOutcomeKind.Joined, crisis ?? throw new ArgumentNullException(nameof(crisis)));
}
