using System.Collections.ObjectModel;
using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Sla;

/// <summary>
/// Every service-level policy: the default and one per department (keyed by department id, ignoring case), as
/// configured under <c>Sla:Default</c> and <c>Sla:Departments:&lt;id&gt;</c>. Check it with <see cref="Validate"/> on start.
/// </summary>
public sealed record SlaPolicySet
{
    /// <summary>The <see cref="SlaTerms.PolicyName"/> of targets that come from the default policy alone.</summary>
    public const string DefaultPolicyName = "Default";

    /// <summary>The due-soon share when no policy sets one.</summary>
    public const double DefaultDueSoonShare = 0.75;

    /// <summary>No policy at all: no complaint gets a clock.</summary>
    public static SlaPolicySet None { get; } = new();

    /// <summary>Applies to departments without a policy of their own, and fills in what a department's policy leaves out.</summary>
    public SlaPolicy? Default { get; init; }

    public IReadOnlyDictionary<string, SlaPolicy> Departments { get; init; } = ReadOnlyDictionary<string, SlaPolicy>.Empty;

    /// <summary>
    /// The effective terms for a complaint of <paramref name="priority"/> in <paramref name="departmentId"/>, or null
    /// when no policy gives it targets (no clock). Targets: the department's entry for the priority, else the
    /// department's targets, else the default's entry for the priority, else the default's targets. Counting, business
    /// hours and due-soon share: the department's when it sets them, else the default's. The set must be valid
    /// (<see cref="Validate"/>); a policy that counts business hours without any throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public SlaTerms? Resolve(string departmentId, Priority priority)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(departmentId);
        var (name, department) = FindDepartmentPolicy(departmentId);
        var targets = department?.TargetsFor(priority) ?? Default?.TargetsFor(priority);
        if (targets is null)
        {
            return null;
        }

        var countIn = department?.OwnCounting ?? Default?.OwnCounting ?? SlaCounting.CalendarHours;
        var hours = department?.BusinessHours ?? Default?.BusinessHours;
        if (countIn == SlaCounting.BusinessHours && hours is null)
        {
            throw new InvalidOperationException(
                $"The SLA policy for department '{departmentId}' counts business hours but none are configured.");
        }

        return new SlaTerms
        {
            PolicyName = name ?? DefaultPolicyName,
            Priority = priority,
            Targets = targets,
            CountIn = countIn,
            BusinessHours = countIn == SlaCounting.BusinessHours ? hours : null,
            DueSoonShare = department?.DueSoonShare ?? Default?.DueSoonShare ?? DefaultDueSoonShare,
        };
    }

    /// <summary>
    /// Every problem with a policy set, each naming its configuration key (e.g. <c>Sla:Departments:billing:Targets:TimeToClaim</c>);
    /// empty when valid. A null set is valid (no clocks). <paramref name="findTimeZone"/> returns the zone for an IANA
    /// id or null when there is none; <paramref name="departmentIds"/>, when given, are the configured departments a
    /// policy may name.
    /// </summary>
    public static IReadOnlyList<string> Validate(
        SlaPolicySet? policies, Func<string, TimeZoneInfo?> findTimeZone, IEnumerable<string>? departmentIds = null)
    {
        ArgumentNullException.ThrowIfNull(findTimeZone);
        return policies is null ? [] : SlaPolicyValidation.Check(policies, findTimeZone, departmentIds);
    }

    private (string? Name, SlaPolicy? Policy) FindDepartmentPolicy(string departmentId)
    {
        if (Departments is null)
        {
            return (null, null);
        }

        var id = departmentId.Trim();
        if (Departments.TryGetValue(id, out var exact) && exact is not null)
        {
            return (id, exact);
        }

        foreach (var (name, policy) in Departments)
        {
            if (policy is not null && name is not null && string.Equals(name.Trim(), id, StringComparison.OrdinalIgnoreCase))
            {
                return (name.Trim(), policy);
            }
        }

        return (null, null);
    }
}
