using System.Reflection;
using TeamsEscalationBot.Features.Directory;

// Not "...UnitTests.Directory": a namespace of that name would hide System.IO.Directory from the other tests.
namespace TeamsEscalationBot.UnitTests.DirectoryTests;

/// <summary>"The directory could not answer" must never be readable as "no": checked on behaviour and on the type's shape.</summary>
[TestClass]
public sealed class DirectoryLookupTests
{
    [TestMethod]
    public void Match_Unavailable_CallsOnlyTheUnavailableBranch()
    {
        var answer = DirectoryLookup.Unavailable<bool>("throttled", TimeSpan.FromSeconds(7));

        var outcome = answer.Match(member => member ? "member" : "not a member", () => "no such user", u => $"try again in {u.RetryAfter!.Value.TotalSeconds} s ({u.Reason})");

        Assert.AreEqual("try again in 7 s (throttled)", outcome);
    }

    [TestMethod]
    public void Match_FoundFalse_CallsOnlyTheFoundBranch()
    {
        var outcome = DirectoryLookup.Found(false).Match(member => member ? "member" : "not a member", () => "no such user", _ => "try again");

        Assert.AreEqual("not a member", outcome);
    }

    [TestMethod]
    public void Match_NotFound_CallsOnlyTheNotFoundBranch()
    {
        var outcome = DirectoryLookup.NotFound<bool>().Match(_ => "found", () => "no such user", _ => "try again");

        Assert.AreEqual("no such user", outcome);
    }

    [TestMethod]
    public void Outcomes_AreExactlyFoundNotFoundAndUnavailable()
    {
        var outcomes = typeof(DirectoryLookup<>).Assembly.GetTypes()
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(DirectoryLookup<>))
            .ToList();

        CollectionAssert.AreEquivalent(new[] { "Found", "NotFound", "Unavailable" }, outcomes.Select(t => t.Name).ToArray());
        Assert.IsTrue(outcomes.All(t => t.IsSealed && t.DeclaringType == typeof(DirectoryLookup<>)));
    }

    [TestMethod]
    public void BaseType_OnlyPrivateConstructors_NoOtherOutcomeCanBeAdded()
    {
        var constructors = typeof(DirectoryLookup<bool>).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

        Assert.IsTrue(constructors.All(c => c.IsPrivate));
    }

    [TestMethod]
    public void BaseType_NoValueNoDefaultNoConversion()
    {
        var type = typeof(DirectoryLookup<bool>);
        var flags = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

        Assert.IsEmpty(type.GetProperties(flags), "a value is reachable only through Found");
        Assert.IsEmpty(type.GetFields(flags));
        Assert.IsFalse(type.GetMethods(flags).Any(m => m.Name is "op_Implicit" or "op_Explicit" or "op_True" or "op_False"));
        CollectionAssert.AreEquivalent(new[] { "Match" }, type.GetMethods(flags).Select(m => m.Name).Distinct().ToArray());
    }

    [TestMethod]
    public void Unavailable_AsOtherType_KeepsReasonAndWait()
    {
        var user = (DirectoryLookup<DirectoryUser>.Unavailable)DirectoryLookup.Unavailable<DirectoryUser>("down", TimeSpan.FromSeconds(3));

        var membership = user.As<bool>();

        var converted = Assert.IsInstanceOfType<DirectoryLookup<bool>.Unavailable>(membership);
        Assert.AreEqual("down", converted.Reason);
        Assert.AreEqual(TimeSpan.FromSeconds(3), converted.RetryAfter);
    }
}
