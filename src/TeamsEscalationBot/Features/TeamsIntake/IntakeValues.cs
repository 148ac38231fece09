using System.Text.Json;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.TeamsIntake;

/// <summary>A problem with what a community manager typed in the intake card.</summary>
internal enum IntakeProblem
{
    TextRequired,
    TextTooLong,
    LinkInvalid,
    AuthorTooLong,
    NetworkUnknown,
    PriorityUnknown,
    DepartmentUnknown,
    CategoryTooLong,
    LinkTooLong,
    LinkUserInfo,
}

/// <summary>
/// The intake card's values as typed (raw strings, so a card with problems can show them again), read from the
/// <c>intake.submit</c> data with <see cref="FromData"/>, or prefilled by the bot (a pasted text or link).
/// </summary>
internal sealed record IntakeValues
{
    /// <summary>Longest complaint text the intake card accepts.</summary>
    public const int MaxTextLength = ComplaintLimits.MaxTextLength;

    public string? Text { get; init; }

    public string? Link { get; init; }

    public string? AuthorHandle { get; init; }

    /// <summary>One of <see cref="IntakeChoices.NetworkValue"/>.</summary>
    public string? Network { get; init; }

    /// <summary>One of <see cref="IntakeChoices.PriorityValue"/>.</summary>
    public string? Priority { get; init; }

    /// <summary>A department id, or <see cref="IntakeChoices.DecideForMe"/> / empty to let routing decide.</summary>
    public string? DepartmentId { get; init; }

    /// <summary>Free text, a configured category, or <see cref="IntakeChoices.NoCategory"/>.</summary>
    public string? Category { get; init; }

    /// <summary>The category to submit: null when none was typed or chosen.</summary>
    public string? ChosenCategory =>
        string.IsNullOrWhiteSpace(Category) || Category.Trim() == IntakeChoices.NoCategory ? null : Category.Trim();

    /// <summary>
    /// The form's own id, sent back with every submit of that form: the external id of the complaint it creates, so a
    /// double click or a resubmit after fixing problems never creates a second complaint.
    /// </summary>
    public string? SubmissionId { get; init; }

    /// <summary>True when the community manager left the department to routing.</summary>
    public bool DecideForMe => string.IsNullOrWhiteSpace(DepartmentId)
        || string.Equals(DepartmentId.Trim(), IntakeChoices.DecideForMe, StringComparison.OrdinalIgnoreCase);

    public static IntakeValues FromData(JsonElement? data) => new()
    {
        Text = CardData.GetString(data, CardInputs.IntakeText),
        Link = CardData.GetString(data, CardInputs.IntakeLink),
        AuthorHandle = CardData.GetString(data, CardInputs.IntakeAuthor),
        Network = CardData.GetString(data, CardInputs.IntakeNetwork),
        Priority = CardData.GetString(data, CardInputs.IntakePriority),
        DepartmentId = CardData.GetString(data, CardInputs.IntakeDepartment),
        Category = CardData.GetString(data, CardInputs.IntakeCategory),
        SubmissionId = CardData.GetString(data, CardInputs.IntakeSubmissionId),
    };

    /// <summary>Every problem, in the order of the card's inputs; empty when the values can make a submission.</summary>
    public IReadOnlyList<IntakeProblem> Validate(IReadOnlyList<CardDepartment> departments)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var problems = new List<IntakeProblem>();
        if (string.IsNullOrWhiteSpace(Text))
        {
            problems.Add(IntakeProblem.TextRequired);
        }
        else if (Text.Trim().Length > MaxTextLength)
        {
            problems.Add(IntakeProblem.TextTooLong);
        }

        Check(problems, LinkProblem is { }, LinkProblem ?? IntakeProblem.LinkInvalid);

        Check(problems, AuthorHandle?.Trim().Length > ComplaintLimits.MaxShortFieldLength, IntakeProblem.AuthorTooLong);
        Check(problems, !string.IsNullOrWhiteSpace(Network) && !IntakeChoices.TryParseNetwork(Network, out _), IntakeProblem.NetworkUnknown);
        Check(problems, !string.IsNullOrWhiteSpace(Priority) && !IntakeChoices.TryParsePriority(Priority, out _), IntakeProblem.PriorityUnknown);
        Check(problems, !DecideForMe && !departments.Any(d => string.Equals(d.Id, DepartmentId!.Trim(), StringComparison.OrdinalIgnoreCase)),
            IntakeProblem.DepartmentUnknown);
        Check(problems, Category?.Trim().Length > ComplaintLimits.MaxShortFieldLength, IntakeProblem.CategoryTooLong);
        return problems;
    }

    /// <summary>The link as an absolute http(s) URL within the length limit and without a user name or password, or null.</summary>
    public Uri? ParsedLink => string.IsNullOrWhiteSpace(Link) || LinkProblem is not null ? null : new Uri(Link.Trim(), UriKind.Absolute);

    /// <summary>What is wrong with the link, or null when there is none or it is fine.</summary>
    public IntakeProblem? LinkProblem
    {
        get
        {
            var link = Link?.Trim();
            if (string.IsNullOrEmpty(link))
            {
                return null;
            }

            // Measured before parsing: a pasted link can be tens of kilobytes.
            if (link.Length > ComplaintLimits.MaxUrlLength)
            {
                return IntakeProblem.LinkTooLong;
            }

            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || !ComplaintSubmission.IsWebUrl(uri))
            {
                return IntakeProblem.LinkInvalid;
            }

            return ComplaintSubmission.HasUserInfo(uri) ? IntakeProblem.LinkUserInfo
                : uri.AbsoluteUri.Length > ComplaintLimits.MaxUrlLength ? IntakeProblem.LinkTooLong
                : null;
        }
    }

    private static void Check(List<IntakeProblem> problems, bool failed, IntakeProblem problem)
    {
        if (failed)
        {
            problems.Add(problem);
        }
    }
}
