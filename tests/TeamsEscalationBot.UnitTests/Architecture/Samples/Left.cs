namespace TeamsEscalationBot.UnitTests.Architecture.Samples.Left;

/// <summary>Refers to <c>Samples.Right</c> only inside a lambda: a sample for <see cref="DependencyGraphTests"/>.</summary>
internal static class Caller
{
    public static Func<int> Later() => () => Right.Callee.Answer();

    public static int Seed() => 41;
}
