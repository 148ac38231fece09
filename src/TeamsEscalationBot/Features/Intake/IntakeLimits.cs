using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// The length limits of the intake request, in one place: the validation of <see cref="IntakeRequest"/> and the OpenAPI
/// document (<c>maxLength</c>) both read them, so the document never accepts what the API refuses.
/// </summary>
internal static class IntakeLimits
{
    public const int Source = ComplaintLimits.MaxShortFieldLength;
    public const int ExternalId = ComplaintLimits.MaxShortFieldLength;
    public const int AuthorHandle = ComplaintLimits.MaxShortFieldLength;
    public const int Text = ComplaintLimits.MaxComplaintTextLength;
    public const int Url = ComplaintLimits.MaxUrlLength;
    public const int Language = ComplaintLimits.MaxLanguageLength;
    public const int Category = ComplaintLimits.MaxShortFieldLength;
    public const int Department = ComplaintLimits.MaxShortFieldLength;
    public const int CallbackUrl = ComplaintLimits.MaxUrlLength;
    public const int RequesterUpn = ComplaintLimits.MaxNameLength;
    public const int RequesterDisplayName = ComplaintLimits.MaxNameLength;

    /// <summary>A GUID in its longest accepted form (braces or parentheses around 32 digits and 4 hyphens).</summary>
    public const int RequesterAadObjectId = 38;

    /// <summary>
    /// The longest value of each free-text request field, by its JSON path, measured as sent (before trimming or URL
    /// parsing). Network and priority are bounded by their lists of words instead.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ByField { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["source"] = Source,
        ["externalId"] = ExternalId,
        ["authorHandle"] = AuthorHandle,
        ["text"] = Text,
        ["url"] = Url,
        ["language"] = Language,
        ["category"] = Category,
        ["department"] = Department,
        ["callbackUrl"] = CallbackUrl,
        ["requester.aadObjectId"] = RequesterAadObjectId,
        ["requester.upn"] = RequesterUpn,
        ["requester.displayName"] = RequesterDisplayName,
    };
}
