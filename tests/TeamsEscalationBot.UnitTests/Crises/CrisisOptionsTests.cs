using TeamsEscalationBot.Domain.Crises;

namespace TeamsEscalationBot.UnitTests.Crises;

[TestClass]
public sealed class CrisisOptionsTests
{
    [TestMethod]
    public void Validate_Defaults_NoErrors()
    {
        var options = new CrisisOptions();

        Assert.IsEmpty(options.Validate());
        Assert.AreEqual(8, options.Default.Complaints);
        Assert.AreEqual(TimeSpan.FromMinutes(30), options.Default.Window);
    }

    [TestMethod]
    public void Validate_EverythingWrong_ListsEveryProblem()
    {
        var options = new CrisisOptions
        {
            Default = new CrisisThreshold { Complaints = 1, Window = TimeSpan.Zero },
            Departments = new Dictionary<string, CrisisThreshold>
            {
                ["billing"] = new() { Complaints = 20_000, Window = TimeSpan.FromDays(2) },
                ["BILLING"] = new(),
                [" "] = new(),
            },
            MinSharedKeywords = 0,
            MinKeywordLength = 0,
            MaxHeadlineKeywords = 11,
            CommonWordShare = 0,
            CommonWordMinComplaints = 0,
            IgnoredWords = ["contoso", " "],
            CoolDown = TimeSpan.FromMinutes(-1),
            MaxSamples = 11,
            MaxSampleLength = 0,
        };

        var errors = options.Validate();

        string[] keys =
        [
            "Default.Complaints", "Default.Window", "Departments[billing].Complaints", "Departments[billing].Window",
            "is listed more than once", "without a department id", "MinSharedKeywords", "MinKeywordLength",
            "MaxHeadlineKeywords", "CommonWordShare", "CommonWordMinComplaints", "IgnoredWords", "CoolDown",
            "MaxSamples", "MaxSampleLength",
        ];
        foreach (var key in keys)
        {
            Assert.IsTrue(errors.Any(e => e.Contains(key, StringComparison.Ordinal)), $"No error mentions {key}: {string.Join(" | ", errors)}");
        }

        Assert.HasCount(keys.Length, errors);
    }

    [TestMethod]
    public void Validate_HeadlineShorterThanSharedKeywords_Error()
    {
        var errors = new CrisisOptions { MinSharedKeywords = 3, MaxHeadlineKeywords = 2 }.Validate();

        Assert.AreSequenceEqual(new[] { "MaxHeadlineKeywords (2) must be at least MinSharedKeywords (3)." }, errors.ToArray());
    }

    [TestMethod]
    public void ForDepartment_IgnoringCase_OwnThresholdElseDefault()
    {
        var vip = new CrisisThreshold { Complaints = 3, Window = TimeSpan.FromMinutes(10) };
        var options = new CrisisOptions { Departments = new Dictionary<string, CrisisThreshold> { ["VIP"] = vip } };

        Assert.AreEqual(vip, options.ForDepartment("vip"));
        Assert.AreEqual(options.Default, options.ForDepartment("billing"));
        Assert.AreEqual(TimeSpan.FromMinutes(30), options.LongestWindow);
    }
}
