namespace TeamsEscalationBot.UnitTests.Architecture.Samples.Right;

internal static class Callee
{
    public static int Answer() => 42;
}

/// <summary>Refers to <c>Samples.Left</c> only after an await, inside the async state machine: a sample for <see cref="DependencyGraphTests"/>.</summary>
internal static class Awaiter
{
    public static async Task<int> NextAsync()
    {
        await Task.Yield();
        return Left.Caller.Seed() + 1;
    }
}
