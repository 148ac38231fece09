using System.Diagnostics.CodeAnalysis;

namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>The outcome of an operation: the event it appended, or why it was refused (nothing changed).</summary>
public sealed class TransitionResult
{
    private TransitionResult(ComplaintEvent? appended, Refusal? refusal)
    {
        Event = appended;
        Refusal = refusal;
    }

    public ComplaintEvent? Event { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Event))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Event is not null;

    internal static TransitionResult Success(ComplaintEvent appended) => new(appended, null);

    internal static TransitionResult Refused(Refusal refusal) => new(null, refusal);
}
