using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Sla;

/// <summary>
/// Service-level policies, section <c>Sla</c> (docs/sla.md): <c>Sla:Default</c> and <c>Sla:Departments:&lt;id&gt;</c>,
/// bound to the domain's own <see cref="SlaPolicy"/> records. Without the section no complaint gets a clock.
/// </summary>
internal sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>Applies to departments without a policy of their own, and fills in what their policies leave out.</summary>
    public SlaPolicy? Default { get; set; }

    /// <summary>Policies by department id (ignoring case).</summary>
    public Dictionary<string, SlaPolicy> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Sla:Escalation</c>, part of the same section; the host reads it as its own <see cref="SlaEscalationOptions"/>.</summary>
    public SlaEscalationOptions Escalation { get; set; } = new();

    public SlaPolicySet ToPolicySet() => new() { Default = Default, Departments = Departments };
}

/// <summary>
/// Start-up check of <c>Sla:*</c> with <see cref="SlaPolicySet.Validate"/>: every problem at once, each naming its key,
/// time zones looked up on this machine, and department ids checked against the configured <c>Departments</c>.
/// </summary>
internal sealed class SlaOptionsValidator(IOptions<RoutingOptions> routing) : IValidateOptions<SlaOptions>
{
    public ValidateOptionsResult Validate(string? name, SlaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var departments = routing.Value.Departments.Select(d => d.Id).OfType<string>().ToList();
        var problems = SlaPolicySet.Validate(options.ToPolicySet(), SlaRecords.FindTimeZone, departments);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
