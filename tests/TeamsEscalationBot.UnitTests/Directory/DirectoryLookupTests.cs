using TeamsEscalationBot.Features.Directory;

// Not "...UnitTests.Directory": a namespace of that name would hide System.IO.Directory from the other tests.
namespace TeamsEscalationBot.UnitTests.DirectoryTests;

/// <summary>"The directory could not answer" must never be readable as "no": each outcome reaches only its own branch.</summary>
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
    [DataRow("found", "found:False")]
    [DataRow("notFound", "notFound")]
    [DataRow("unavailable", "unavailable:down")]
    public void Match_EveryOutcome_CallsExactlyItsOwnBranchOnce(string outcome, string expected)
    {
        var answer = outcome switch
        {
            "found" => DirectoryLookup.Found(false),
            "notFound" => DirectoryLookup.NotFound<bool>(),
            _ => DirectoryLookup.Unavailable<bool>("down"),
        };
        var calls = new List<string>();

        answer.Match(
            member =>
            {
                calls.Add($"found:{member}");
                return 0;
            },
            () =>
            {
                calls.Add("notFound");
                return 0;
            },
            unavailable =>
            {
                calls.Add($"unavailable:{unavailable.Reason}");
                return 0;
            });

        Assert.AreSequenceEqual(new[] { expected }, calls);
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
