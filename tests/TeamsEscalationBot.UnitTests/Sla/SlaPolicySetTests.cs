using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

[TestClass]
public sealed class SlaPolicySetTests
{
    private static readonly SlaPolicySet Layered = new()
    {
        Default = new SlaPolicy
        {
            Targets = Targets(2, 8),
            Priorities = new Dictionary<Priority, SlaTargets> { [Priority.Critical] = Targets(0.25, 1) },
            BusinessHours = OfficeHours(),
        },
        Departments = new Dictionary<string, SlaPolicy>
        {
            ["billing"] = new()
            {
                Targets = Targets(1, 4),
                Priorities = new Dictionary<Priority, SlaTargets> { [Priority.High] = Targets(0.5, 2) },
                DueSoonShare = 0.5,
            },
            ["logistics"] = new() { BusinessHours = OfficeHours("America/New_York") },
            ["care"] = new() { CountIn = SlaCounting.CalendarHours, Targets = Targets(1, 24) },
        },
    };

    [TestMethod]
    public void Resolve_DepartmentHasAnEntryForThePriority_UsesIt()
    {
        var terms = Layered.Resolve("billing", Priority.High)!;

        Assert.AreEqual(Targets(0.5, 2), terms.Targets);
        Assert.AreEqual("billing", terms.PolicyName);
        Assert.AreEqual(Priority.High, terms.Priority);
    }

    [TestMethod]
    public void Resolve_DepartmentHasNoEntryForThePriority_UsesTheDepartmentTargets()
    {
        Assert.AreEqual(Targets(1, 4), Layered.Resolve("billing", Priority.Low)!.Targets);
        Assert.AreEqual(Targets(1, 4), Layered.Resolve("billing", Priority.Critical)!.Targets);
    }

    [TestMethod]
    public void Resolve_DepartmentWithoutTargets_UsesTheDefaultEntryThenTheDefaultTargets()
    {
        Assert.AreEqual(Targets(0.25, 1), Layered.Resolve("logistics", Priority.Critical)!.Targets);
        Assert.AreEqual(Targets(2, 8), Layered.Resolve("logistics", Priority.Normal)!.Targets);
        Assert.AreEqual("logistics", Layered.Resolve("logistics", Priority.Normal)!.PolicyName);
    }

    [TestMethod]
    public void Resolve_DepartmentWithoutPolicy_UsesTheDefaultPolicy()
    {
        var terms = Layered.Resolve("legal", Priority.Normal)!;

        Assert.AreEqual(SlaPolicySet.DefaultPolicyName, terms.PolicyName);
        Assert.AreEqual(Targets(2, 8), terms.Targets);
        Assert.AreEqual(SlaCounting.BusinessHours, terms.CountIn);
        Assert.AreEqual("Europe/Madrid", terms.BusinessHours!.TimeZone);
        Assert.AreEqual(SlaPolicySet.DefaultDueSoonShare, terms.DueSoonShare);
    }

    [TestMethod]
    public void Resolve_NoPolicyAtAll_NoClock()
    {
        Assert.IsNull(SlaPolicySet.None.Resolve("billing", Priority.High));
    }

    [TestMethod]
    public void Resolve_NoDefaultAndDepartmentWithoutPolicy_NoClock()
    {
        var policies = Layered with { Default = null };

        Assert.IsNull(policies.Resolve("legal", Priority.High));
        Assert.IsNull(policies.Resolve("logistics", Priority.High));
        Assert.IsNotNull(policies.Resolve("billing", Priority.High));
    }

    [TestMethod]
    public void Resolve_DepartmentIdInOtherCase_FindsThePolicy()
    {
        Assert.AreEqual("billing", Layered.Resolve("BILLING", Priority.High)!.PolicyName);
    }

    [TestMethod]
    public void Resolve_DepartmentWithoutHours_InheritsTheDefaultBusinessHours()
    {
        var terms = Layered.Resolve("billing", Priority.High)!;

        Assert.AreEqual(SlaCounting.BusinessHours, terms.CountIn);
        Assert.AreEqual("Europe/Madrid", terms.BusinessHours!.TimeZone);
        Assert.AreEqual(0.5, terms.DueSoonShare);
    }

    [TestMethod]
    public void Resolve_DepartmentWithOwnHours_UsesThem()
    {
        Assert.AreEqual("America/New_York", Layered.Resolve("logistics", Priority.High)!.BusinessHours!.TimeZone);
    }

    [TestMethod]
    public void Resolve_DepartmentCountsCalendarHours_NoBusinessHoursEvenThoughTheDefaultHasThem()
    {
        var terms = Layered.Resolve("care", Priority.High)!;

        Assert.AreEqual(SlaCounting.CalendarHours, terms.CountIn);
        Assert.IsNull(terms.BusinessHours);
    }

    [TestMethod]
    public void Resolve_DepartmentWithHoursUnderACalendarHoursDefault_CountsBusinessHours()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy { Targets = Targets(1, 4) },
            Departments = new Dictionary<string, SlaPolicy> { ["billing"] = new() { BusinessHours = OfficeHours() } },
        };

        Assert.AreEqual(SlaCounting.CalendarHours, policies.Resolve("care", Priority.Low)!.CountIn);
        Assert.AreEqual(SlaCounting.BusinessHours, policies.Resolve("billing", Priority.Low)!.CountIn);
    }

    [TestMethod]
    public void Validate_WellFormedSet_NoErrors()
    {
        var errors = SlaPolicySet.Validate(Layered, FindZone, ["billing", "logistics", "care", "legal"]);

        Assert.IsEmpty(errors, string.Join(Environment.NewLine, errors));
    }

    [TestMethod]
    public void Validate_NullOrEmptySet_NoErrors()
    {
        Assert.IsEmpty(SlaPolicySet.Validate(null, FindZone));
        Assert.IsEmpty(SlaPolicySet.Validate(SlaPolicySet.None, FindZone));
    }

    [TestMethod]
    public void Validate_ZeroAndNegativeDurations_NamesEachKey()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy
            {
                Targets = new SlaTargets(TimeSpan.Zero, TimeSpan.FromHours(-1)),
                Priorities = new Dictionary<Priority, SlaTargets> { [Priority.Low] = new(TimeSpan.FromMinutes(-5), TimeSpan.FromHours(1)) },
            },
        };

        var errors = SlaPolicySet.Validate(policies, FindZone);

        AssertHasError(errors, "Sla:Default:Targets:TimeToClaim must be greater than zero.");
        AssertHasError(errors, "Sla:Default:Targets:TimeToAnswer must be greater than zero.");
        AssertHasError(errors, "Sla:Default:Priorities:Low:TimeToClaim must be greater than zero.");
        Assert.HasCount(3, errors, string.Join(Environment.NewLine, errors));
    }

    [TestMethod]
    public void Validate_AnswerShorterThanClaim_Error()
    {
        var policies = new SlaPolicySet
        {
            Departments = new Dictionary<string, SlaPolicy> { ["billing"] = new() { Targets = Targets(2, 1) } },
        };

        var error = SlaPolicySet.Validate(policies, FindZone).Single();

        Assert.StartsWith("Sla:Departments:billing:Targets:TimeToAnswer (01:00:00) must not be shorter than TimeToClaim (02:00:00)", error);
    }

    [TestMethod]
    public void Validate_AnswerEqualToClaim_Allowed()
    {
        Assert.IsEmpty(SlaPolicySet.Validate(AroundTheClock(claimHours: 2, answerHours: 2), FindZone));
    }

    [TestMethod]
    public void Validate_OverlappingOpenings_NamesBothLines()
    {
        var policies = InOfficeHours() with
        {
            Default = InOfficeHours().Default! with
            {
                BusinessHours = new BusinessHours { TimeZone = "Europe/Madrid", Weekly = ["Mon-Fri 09:00-18:00", "Wed 17:00-19:00"] },
            },
        };

        var error = SlaPolicySet.Validate(policies, FindZone).Single();

        Assert.AreEqual("Sla:Default:BusinessHours:Weekly[0] and Weekly[1]: Wed 09:00-18:00 overlaps Wed 17:00-19:00.", error);
    }

    [TestMethod]
    public void Validate_NightShiftOverlappingTheNextMorning_Error()
    {
        var errors = SlaPolicySet.Validate(WithWeekly("Fri 22:00-02:00", "Sat 01:00-05:00"), FindZone);

        AssertHasError(errors, "Sla:Default:BusinessHours:Weekly[0] and Weekly[1]: Fri 22:00-02:00 overlaps Sat 01:00-05:00.");
    }

    [TestMethod]
    public void Validate_SundayNightShiftOverlappingMonday_Error()
    {
        var errors = SlaPolicySet.Validate(WithWeekly("Sun 22:00-02:00", "Mon 00:00-01:00"), FindZone);

        AssertHasError(errors, "Sla:Default:BusinessHours:Weekly[0] and Weekly[1]: Sun 22:00-02:00 overlaps Mon 00:00-01:00.");
    }

    [TestMethod]
    public void Validate_TouchingOpenings_NoError()
    {
        Assert.IsEmpty(SlaPolicySet.Validate(WithWeekly("Mon-Fri 09:00-13:00", "Mon-Fri 13:00-18:00", "Fri 18:00-02:00"), FindZone));
    }

    [TestMethod]
    public void Validate_OpensAndClosesAtTheSameTime_Error()
    {
        var error = SlaPolicySet.Validate(WithWeekly("Mon 09:00-09:00"), FindZone).Single();

        Assert.AreEqual("Sla:Default:BusinessHours:Weekly[0] \"Mon 09:00-09:00\": 09:00-09:00 opens and closes at the same time.", error);
    }

    [TestMethod]
    public void Validate_UnknownWeekday_Error()
    {
        var error = SlaPolicySet.Validate(WithWeekly("Mon-Fri 09:00-18:00", "Sab 10:00-14:00"), FindZone).Single();

        Assert.AreEqual(
            "Sla:Default:BusinessHours:Weekly[1] \"Sab 10:00-14:00\": 'Sab' is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun).", error);
    }

    [TestMethod]
    public void Validate_NoOpeningHoursAtAll_Error()
    {
        var error = SlaPolicySet.Validate(WithWeekly(), FindZone).Single();

        Assert.StartsWith("Sla:Default:BusinessHours:Weekly has no opening hours", error);
    }

    [TestMethod]
    public void Validate_EveryDayAHoliday_StillValid()
    {
        var hours = OfficeHours() with { Holidays = [.. Enumerable.Range(0, 730).Select(i => new DateOnly(2026, 1, 1).AddDays(i))] };
        var policies = new SlaPolicySet { Default = new SlaPolicy { Targets = Targets(1, 4), BusinessHours = hours } };

        Assert.IsEmpty(SlaPolicySet.Validate(policies, FindZone));
    }

    [TestMethod]
    public void Validate_MissingOrUnknownTimeZone_Error()
    {
        var missing = InOfficeHours() with { Default = InOfficeHours().Default! with { BusinessHours = OfficeHours(" ") } };
        var unknown = InOfficeHours() with { Default = InOfficeHours().Default! with { BusinessHours = OfficeHours("Europe/Madird") } };

        AssertHasError(SlaPolicySet.Validate(missing, FindZone), "Sla:Default:BusinessHours:TimeZone is required (an IANA id such as Europe/Madrid).");
        AssertHasError(SlaPolicySet.Validate(unknown, FindZone), "Sla:Default:BusinessHours:TimeZone 'Europe/Madird' is not a known time zone.");
    }

    [TestMethod]
    public void Validate_DueSoonShareOutOfRange_Error()
    {
        foreach (var share in new[] { 0, 1, -0.5, 1.5, double.NaN })
        {
            var errors = SlaPolicySet.Validate(AroundTheClock(dueSoonShare: share), FindZone);

            Assert.HasCount(1, errors, $"share {share}");
            Assert.Contains("Sla:Default:DueSoonShare", errors[0]);
        }
    }

    [TestMethod]
    public void Validate_CountInContradictions_Errors()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy { Targets = Targets(1, 4), CountIn = SlaCounting.BusinessHours },
            Departments = new Dictionary<string, SlaPolicy>
            {
                ["care"] = new() { CountIn = SlaCounting.CalendarHours, BusinessHours = OfficeHours() },
            },
        };

        var errors = SlaPolicySet.Validate(policies, FindZone);

        AssertHasError(errors, "Sla:Default:CountIn is BusinessHours but no BusinessHours are set (here or in Sla:Default).");
        AssertHasError(errors, "Sla:Departments:care:BusinessHours is set but Sla:Departments:care:CountIn is CalendarHours; remove one of them.");
        Assert.HasCount(2, errors);
    }

    [TestMethod]
    public void Validate_UnknownPriorityAndUnknownOrRepeatedDepartment_Errors()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy
            {
                Targets = Targets(1, 4),
                Priorities = new Dictionary<Priority, SlaTargets> { [(Priority)9] = Targets(1, 4) },
            },
            Departments = new Dictionary<string, SlaPolicy> { ["billing"] = new(), ["Billing"] = new(), ["biling"] = new() },
        };

        var errors = SlaPolicySet.Validate(policies, FindZone, ["billing", "logistics"]);

        AssertHasError(errors, "Sla:Default:Priorities: 9 is not a priority (Low, Normal, High, Critical).");
        AssertHasError(errors, "Sla:Departments:Billing repeats Sla:Departments:billing (department ids ignore case).");
        AssertHasError(errors, "Sla:Departments:biling: 'biling' is not a configured department.");
        Assert.HasCount(3, errors);
    }

    [TestMethod]
    public void Validate_EveryProblemAtOnce_ListsThemAll()
    {
        var policies = new SlaPolicySet
        {
            Default = new SlaPolicy
            {
                Targets = Targets(2, 1),
                DueSoonShare = 2,
                BusinessHours = new BusinessHours { TimeZone = "Mars/Olympus", Weekly = ["Mox 09:00-18:00", "Tue 10:00-10:00"] },
            },
        };

        var errors = SlaPolicySet.Validate(policies, FindZone);

        string[] expectedStarts =
        [
            "Sla:Default:Targets:TimeToAnswer (01:00:00) must not be shorter",
            "Sla:Default:DueSoonShare (2) must be",
            "Sla:Default:BusinessHours:TimeZone 'Mars/Olympus' is not a known time zone.",
            "Sla:Default:BusinessHours:Weekly[0] \"Mox 09:00-18:00\": 'Mox' is not a weekday",
            "Sla:Default:BusinessHours:Weekly[1] \"Tue 10:00-10:00\": 10:00-10:00 opens and closes at the same time.",
        ];
        Assert.HasCount(expectedStarts.Length, errors, string.Join(Environment.NewLine, errors));
        for (var i = 0; i < expectedStarts.Length; i++)
        {
            Assert.StartsWith(expectedStarts[i], errors[i]);
        }
    }

    [TestMethod]
    public void Validate_TheExampleInTheDocs_ValidAndResolvesAsDescribed()
    {
        var example = new SlaPolicySet
        {
            Default = new SlaPolicy
            {
                Targets = Targets(1, 8),
                Priorities = new Dictionary<Priority, SlaTargets>
                {
                    [Priority.Critical] = Targets(0.25, 2),
                    [Priority.Low] = Targets(4, 48),
                },
                BusinessHours = new BusinessHours
                {
                    TimeZone = "Europe/Madrid",
                    Weekly = ["Mon-Fri 09:00-14:00, 15:00-18:00"],
                    Holidays = [new(2026, 1, 1), new(2026, 1, 6), new(2026, 12, 25)],
                },
                DueSoonShare = 0.75,
            },
            Departments = new Dictionary<string, SlaPolicy>
            {
                ["billing"] = new() { Priorities = new Dictionary<Priority, SlaTargets> { [Priority.High] = Targets(0.5, 4) } },
                ["us-care"] = new()
                {
                    BusinessHours = new BusinessHours
                    {
                        TimeZone = "America/New_York",
                        Weekly = ["Mon-Thu 08:00-17:00", "Fri 08:00-13:00", "Fri 22:00-02:00"],
                        Holidays = [new(2026, 7, 3), new(2026, 11, 26)],
                    },
                },
                ["social-desk"] = new() { CountIn = SlaCounting.CalendarHours, Targets = Targets(1.0 / 3, 3), DueSoonShare = 0.5 },
            },
        };

        Assert.IsEmpty(SlaPolicySet.Validate(example, FindZone, ["billing", "us-care", "social-desk", "care"]));
        Assert.AreEqual(Targets(0.5, 4), example.Resolve("billing", Priority.High)!.Targets);
        Assert.AreEqual(Targets(1, 8), example.Resolve("billing", Priority.Normal)!.Targets);
        Assert.AreEqual("Europe/Madrid", example.Resolve("billing", Priority.Normal)!.BusinessHours!.TimeZone);
        Assert.AreEqual("America/New_York", example.Resolve("us-care", Priority.Normal)!.BusinessHours!.TimeZone);
        Assert.AreEqual(SlaCounting.CalendarHours, example.Resolve("social-desk", Priority.Critical)!.CountIn);
        Assert.AreEqual(Targets(0.25, 2), example.Resolve("care", Priority.Critical)!.Targets);
    }

    private static SlaPolicySet WithWeekly(params string[] weekly) => new()
    {
        Default = new SlaPolicy
        {
            Targets = Targets(1, 4),
            BusinessHours = new BusinessHours { TimeZone = "Europe/Madrid", Weekly = weekly },
        },
    };

    private static void AssertHasError(IReadOnlyList<string> errors, string expected) =>
        Assert.Contains(expected, errors, "Errors were:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
}
