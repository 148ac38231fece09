using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TeamsEscalationBot.Domain.Complaints;

/// <summary>What intake provides to open a complaint (from the intake API or typed by a CM in Teams).</summary>
public sealed record ComplaintSubmission
{
    public required string Source { get; init; }

    public required string ExternalId { get; init; }

    public required Network Network { get; init; }

    public required string AuthorHandle { get; init; }

    public required string Text { get; init; }

    /// <summary>The public post; absolute http or https only.</summary>
    public Uri? PostUrl { get; init; }

    public string? Language { get; init; }

    public Priority Priority { get; init; } = Priority.Normal;

    public string? Category { get; init; }

    /// <summary>An explicit department; when set it wins over every other routing rule.</summary>
    public string? DepartmentId { get; init; }

    public Requester? Requester { get; init; }

    /// <summary>
    /// The Entra object id the directory found for <see cref="Requester"/>'s UPN when the sender gave only the UPN. Stored
    /// as the requester's object id (so <c>my</c> and the relay find the CM), but not part of the
    /// <see cref="ContentFingerprint"/>: the sender did not send it, and a retry must match whether or not the directory
    /// answered that time.
    /// </summary>
    public string? ResolvedRequesterAadObjectId { get; init; }

    /// <summary>Where the source wants the outcome posted back; absolute http or https only.</summary>
    public Uri? CallbackUrl { get; init; }

    /// <summary>
    /// Lowercase SHA-256 hex over a canonical, versioned form of every field. Stored with the complaint: the same
    /// (source, externalId) with the same fingerprint is a retry, with a different one a conflict. Empty and null
    /// strings count as the same, the language is compared case-insensitively, URLs in their canonical absolute form;
    /// everything else is exact. Changing this form changes stored fingerprints: add a new version prefix instead.
    /// </summary>
    public string ContentFingerprint()
    {
        var canonical = new StringBuilder("teams-escalation-bot/submission/v1\n");
        Append(canonical, "source", Source);
        Append(canonical, "externalId", ExternalId);
        Append(canonical, "network", Network.ToString());
        Append(canonical, "authorHandle", AuthorHandle);
        Append(canonical, "text", Text);
        Append(canonical, "postUrl", PostUrl?.AbsoluteUri);
        Append(canonical, "language", Language?.ToLowerInvariant());
        Append(canonical, "priority", Priority.ToString());
        Append(canonical, "category", Category);
        Append(canonical, "departmentId", DepartmentId);
        Append(canonical, "requester.aadObjectId", Requester?.AadObjectId);
        Append(canonical, "requester.upn", Requester?.Upn);
        Append(canonical, "requester.displayName", Requester?.DisplayName);
        Append(canonical, "requester.teamsUserId", Requester?.TeamsUserId);
        Append(canonical, "callbackUrl", CallbackUrl?.AbsoluteUri);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Every problem with this submission; empty when it can be received.</summary>
    public IReadOnlyList<SubmissionError> Validate()
    {
        var errors = new List<SubmissionError>();
        RequireText(errors, "source", Source, ComplaintLimits.MaxShortFieldLength);
        RequireText(errors, "externalId", ExternalId, ComplaintLimits.MaxShortFieldLength);
        RequireText(errors, "authorHandle", AuthorHandle, ComplaintLimits.MaxShortFieldLength);
        RequireText(errors, "text", Text, ComplaintLimits.MaxComplaintTextLength);
        CheckOptional(errors, "language", Language, ComplaintLimits.MaxLanguageLength);
        CheckOptional(errors, "category", Category, ComplaintLimits.MaxShortFieldLength);
        CheckOptional(errors, "departmentId", DepartmentId, ComplaintLimits.MaxShortFieldLength);
        CheckUrl(errors, "postUrl", PostUrl);
        CheckUrl(errors, "callbackUrl", CallbackUrl);
        if (!Enum.IsDefined(Network))
        {
            errors.Add(new("network", "network is not a known network."));
        }

        if (!Enum.IsDefined(Priority))
        {
            errors.Add(new("priority", "priority must be low, normal, high or critical."));
        }

        return errors;
    }

    /// <summary>True when the URL is absolute and uses http or https.</summary>
    public static bool IsWebUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>
    /// True when the URL carries a user name or password (<c>https://x.com@evil.example/a</c>): what a person reads
    /// first is then not the host it leads to, so such links are refused.
    /// </summary>
    public static bool HasUserInfo(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && !string.IsNullOrEmpty(url.UserInfo);
    }

    /// <summary>The problem with a user name or password in a link, named by its field.</summary>
    public static string UserInfoMessage(string field) =>
        $"{field} must not contain a user name or password (a part ending in '@' before the host).";

    private static void Append(StringBuilder canonical, string name, string? value)
    {
        // Length-prefixed, so no value can imitate a field boundary.
        var text = value ?? string.Empty;
        canonical.Append(name).Append('=').Append(text.Length.ToString(CultureInfo.InvariantCulture))
            .Append(':').Append(text).Append('\n');
    }

    private static void RequireText(List<SubmissionError> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, $"{field} is required."));
            return;
        }

        CheckOptional(errors, field, value, maxLength);
    }

    private static void CheckOptional(List<SubmissionError> errors, string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            errors.Add(new(field, $"{field} must be at most {maxLength} characters."));
        }
    }

    private static void CheckUrl(List<SubmissionError> errors, string field, Uri? url)
    {
        if (url is null)
        {
            return;
        }

        if (!IsWebUrl(url))
        {
            errors.Add(new(field, $"{field} must be an absolute http or https URL."));
        }
        else if (HasUserInfo(url))
        {
            errors.Add(new(field, UserInfoMessage(field)));
        }
        else if (url.AbsoluteUri.Length > ComplaintLimits.MaxUrlLength)
        {
            errors.Add(new(field, $"{field} must be at most {ComplaintLimits.MaxUrlLength} characters."));
        }
    }
}
