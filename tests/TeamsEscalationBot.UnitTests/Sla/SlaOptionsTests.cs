using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Features.Sla;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary><c>Sla</c> bound to the domain's policies and checked on start: the sample, the Development policy, and refusals naming their keys.</summary>
[TestClass]
public sealed class SlaOptionsTests
{
    private static readonly Dictionary<string, string?> TwoDepartments = new()
    {
        ["Routing:TriageDepartmentId"] = "care",
        ["Departments:0:Id"] = "care",
        ["Departments:0:Name"] = "Customer Care",
        ["Departments:0:TeamId"] = "19:team@thread.tacv2",
        ["Departments:0:ChannelId"] = "19:care@thread.tacv2",
        ["Departments:0:EntraGroupId"] = "c0ffee00-0000-4000-8000-000000000001",
        ["Departments:1:Id"] = "billing",
        ["Departments:1:Name"] = "Billing",
        ["Departments:1:TeamId"] = "19:team@thread.tacv2",
        ["Departments:1:ChannelId"] = "19:billing@thread.tacv2",
        ["Departments:1:EntraGroupId"] = "c0ffee00-0000-4000-8000-000000000002",
    };

    [TestMethod]
    public void Bind_SampleSettings_ValidPoliciesWithInheritance()
    {
        var sample = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.sample.json"), optional: false).Build();

        var options = sample.GetSection(SlaOptions.SectionName).Get<SlaOptions>(o => o.ErrorOnUnknownConfiguration = true)!;
        var policies = options.ToPolicySet();

        Assert.IsEmpty(SlaPolicySet.Validate(policies, TimeZoneLookup, ["billing", "care"]));
        var billingHigh = policies.Resolve("billing", Priority.High)!;
        Assert.AreEqual("billing", billingHigh.PolicyName);
        Assert.AreEqual(new SlaTargets(TimeSpan.FromMinutes(30), TimeSpan.FromHours(4)), billingHigh.Targets);
        Assert.AreEqual(SlaCounting.BusinessHours, billingHigh.CountIn);
        Assert.AreEqual("Europe/Madrid", billingHigh.BusinessHours!.TimeZone);
        CollectionAssert.Contains(billingHigh.BusinessHours.Holidays.ToList(), new DateOnly(2026, 12, 25));
        var careCritical = policies.Resolve("care", Priority.Critical)!;
        Assert.AreEqual(SlaPolicySet.DefaultPolicyName, careCritical.PolicyName);
        Assert.AreEqual(new SlaTargets(TimeSpan.FromMinutes(15), TimeSpan.FromHours(2)), careCritical.Targets);
        Assert.AreEqual(0.75, careCritical.DueSoonShare);
    }

    [TestMethod]
    public void Bind_DevelopmentSettings_ShortTargetsInCalendarHours()
    {
        var development = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "TeamsEscalationBot", "appsettings.Development.json"), optional: false)
            .Build();

        var policies = development.GetSection(SlaOptions.SectionName).Get<SlaOptions>(o => o.ErrorOnUnknownConfiguration = true)!.ToPolicySet();

        var terms = policies.Resolve("billing", Priority.Normal)!;
        Assert.AreEqual(SlaCounting.CalendarHours, terms.CountIn);
        Assert.AreEqual(new SlaTargets(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15)), terms.Targets);
        Assert.IsEmpty(SlaPolicySet.Validate(policies, TimeZoneLookup, ["billing", "care"]));
    }

    [TestMethod]
    public void Start_NoSlaSection_AcceptedAndNoClock()
    {
        using var services = Build([]);

        Assert.IsEmpty(StartFailures(services));
        Assert.IsNull(services.GetRequiredService<IOptions<SlaOptions>>().Value.ToPolicySet().Resolve("billing", Priority.High));
    }

    [TestMethod]
    public void Start_ValidDepartmentPolicy_Accepted()
    {
        using var services = Build(new()
        {
            ["Sla:Departments:billing:CountIn"] = "CalendarHours",
            ["Sla:Departments:billing:Targets:TimeToClaim"] = "00:20:00",
            ["Sla:Departments:billing:Targets:TimeToAnswer"] = "03:00:00",
        });

        Assert.IsEmpty(StartFailures(services));
        Assert.AreEqual(TimeSpan.FromMinutes(20), services.GetRequiredService<IOptions<SlaOptions>>().Value.ToPolicySet().Resolve("BILLING", Priority.Low)!.Targets.TimeToClaim);
    }

    [TestMethod]
    public void Start_UnknownTimeZone_RefusedNamingTheKey()
    {
        using var services = Build(new()
        {
            ["Sla:Default:Targets:TimeToClaim"] = "01:00:00",
            ["Sla:Default:Targets:TimeToAnswer"] = "08:00:00",
            ["Sla:Default:BusinessHours:TimeZone"] = "Mars/Olympus_Mons",
            ["Sla:Default:BusinessHours:Weekly:0"] = "Mon-Fri 09:00-18:00",
        });

        var failures = StartFailures(services);

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Sla:Default:BusinessHours:TimeZone 'Mars/Olympus_Mons' is not a known time zone");
    }

    [TestMethod]
    public void Start_PolicyForUnconfiguredDepartment_RefusedNamingTheKey()
    {
        using var services = Build(new()
        {
            ["Sla:Departments:legal:Targets:TimeToClaim"] = "01:00:00",
            ["Sla:Departments:legal:Targets:TimeToAnswer"] = "08:00:00",
        });

        var failures = StartFailures(services);

        Assert.HasCount(1, failures);
        StringAssert.Contains(failures[0], "Sla:Departments:legal: 'legal' is not a configured department");
    }

    [TestMethod]
    public void Start_SeveralProblems_EveryOneReported()
    {
        using var services = Build(new()
        {
            ["Sla:Default:Targets:TimeToClaim"] = "02:00:00",
            ["Sla:Default:Targets:TimeToAnswer"] = "01:00:00",
            ["Sla:Default:DueSoonShare"] = "1.5",
            ["Sla:Departments:billing:BusinessHours:TimeZone"] = "Europe/Madrid",
            ["Sla:Departments:billing:BusinessHours:Weekly:0"] = "Mon-Fri 09:00-25:00",
        });

        var failures = StartFailures(services);

        Assert.HasCount(3, failures, string.Join(Environment.NewLine, failures));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Sla:Default:Targets:TimeToAnswer", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Sla:Default:DueSoonShare", StringComparison.Ordinal)));
        Assert.IsTrue(failures.Any(f => f.StartsWith("Sla:Departments:billing:BusinessHours:Weekly[0]", StringComparison.Ordinal)));
    }

    private static TimeZoneInfo? TimeZoneLookup(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TwoDepartments.Concat(settings)).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddComplaints(configuration);
        services.AddSla(configuration);
        return services.BuildServiceProvider();
    }

    private static List<string> StartFailures(ServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e)
        {
            return [.. e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(x => x.Failures)];
        }
    }
}
