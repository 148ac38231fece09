using System.Globalization;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.Intake;

/// <summary>
/// Body of <c>POST /api/complaints</c>. Every field is nullable here so that a missing or misspelt field becomes a
/// validation error naming it, not a generic binding failure. Every string has a maximum length
/// (<see cref="IntakeRequestMapper.MaxLengths"/>, listed in docs/security.md).
/// </summary>
internal sealed record IntakeRequest
{
    /// <summary>The social-listening tool or system sending the complaint, e.g. <c>brandwatch</c>.</summary>
    public string? Source { get; init; }
    /// <summary>The complaint's id in that source; (source, externalId) makes the request idempotent.</summary>
    public string? ExternalId { get; init; }
    /// <summary>x, facebook, instagram, tiktok, linkedin, email or other (twitter is read as x).</summary>
    public string? Network { get; init; }
    public string? AuthorHandle { get; init; }
    /// <summary>The complaint as posted, at most 10 000 characters.</summary>
    public string? Text { get; init; }
    /// <summary>Link to the public post (http or https).</summary>
    public string? Url { get; init; }
    /// <summary>BCP 47 language tag, e.g. en or es.</summary>
    public string? Language { get; init; }
    /// <summary>low, normal (default), high or critical.</summary>
    public string? Priority { get; init; }
    public string? Category { get; init; }
    /// <summary>A configured department id; wins over every routing rule.</summary>
    public string? Department { get; init; }
    /// <summary>The community manager who asked: gets the agreed answer in Teams.</summary>
    public IntakeRequester? Requester { get; init; }
    /// <summary>Where to POST the answer and final state (https, on a host allowed for the source).</summary>
    public string? CallbackUrl { get; init; }
}

internal sealed record IntakeRequester
{
    /// <summary>The CM's Entra object id.</summary>
    public string? AadObjectId { get; init; }
    /// <summary>Or the CM's user principal name, resolved through Microsoft Graph.</summary>
    public string? Upn { get; init; }
    public string? DisplayName { get; init; }
}

/// <summary>Turns a request into a domain submission, collecting every field problem on the way.</summary>
internal static class IntakeRequestMapper
{
    /// <summary>The networks the API accepts and lists, by the names the intake card sends: one name per network.</summary>
    public static IReadOnlyList<string> NetworkNames { get; } = [.. IntakeChoices.Networks.Select(IntakeChoices.NetworkValue)];

    public static IReadOnlyList<string> PriorityNames { get; } = [.. IntakeChoices.Priorities.Select(IntakeChoices.PriorityValue)];

    /// <summary>X's former name is still read, so older integrations keep working; it is never listed.</summary>
    private const string TwitterAlias = "twitter";

    /// <summary>The most characters each field of the request may have, by its name on the wire.</summary>
    public static IReadOnlyList<(string Field, int MaxLength)> MaxLengths { get; } =
    [
        ("source", ComplaintLimits.MaxShortFieldLength),
        ("externalId", ComplaintLimits.MaxShortFieldLength),
        ("network", ComplaintLimits.MaxShortFieldLength),
        ("authorHandle", ComplaintLimits.MaxShortFieldLength),
        ("text", ComplaintLimits.MaxComplaintTextLength),
        ("url", ComplaintLimits.MaxUrlLength),
        ("language", ComplaintLimits.MaxLanguageLength),
        ("priority", ComplaintLimits.MaxShortFieldLength),
        ("category", ComplaintLimits.MaxShortFieldLength),
        ("department", ComplaintLimits.MaxShortFieldLength),
        ("callbackUrl", ComplaintLimits.MaxUrlLength),
        ("requester.aadObjectId", ComplaintLimits.MaxShortFieldLength),
        ("requester.upn", ComplaintLimits.MaxNameLength),
        ("requester.displayName", ComplaintLimits.MaxNameLength),
    ];

    public static (ComplaintSubmission? Submission, List<SubmissionError> Errors) Map(IntakeRequest request, IntakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Lengths first: a field over its maximum is reported as such and not parsed (nor echoed back) any further.
        var errors = TooLong(request);
        var network = Reported(errors, "network") ? null
            : ParseChoice<Network>(errors, "network", request.Network, NetworkNames, TryParseNetwork, required: true);
        var priority = (Reported(errors, "priority") ? null
            : ParseChoice<Priority>(errors, "priority", request.Priority, PriorityNames, IntakeChoices.TryParsePriority, required: false))
            ?? Domain.Complaints.Priority.Normal;
        var postUrl = Reported(errors, "url") ? null : ParseUrl(errors, "url", request.Url);
        var callbackUrl = Reported(errors, "callbackUrl") ? null : ParseUrl(errors, "callbackUrl", request.CallbackUrl);
        CheckCallback(errors, request.Source, callbackUrl, options);
        CheckRequester(errors, request.Requester);
        CheckRequesterDomain(errors, request.Source, request.Requester, options);
        CheckLengths(errors, request);

        var submission = new ComplaintSubmission
        {
            Source = request.Source?.Trim() ?? string.Empty,
            ExternalId = request.ExternalId?.Trim() ?? string.Empty,
            Network = network ?? Domain.Complaints.Network.Other,
            AuthorHandle = request.AuthorHandle?.Trim() ?? string.Empty,
            Text = request.Text ?? string.Empty,
            PostUrl = postUrl,
            Language = Blank(request.Language),
            Priority = priority,
            Category = Blank(request.Category),
            DepartmentId = Blank(request.Department),
            Requester = request.Requester is { } r && (Blank(r.AadObjectId) ?? Blank(r.Upn)) is not null
                ? new Requester(Blank(r.AadObjectId), Blank(r.Upn), Blank(r.DisplayName), null)
                : null,
            CallbackUrl = callbackUrl,
        };
        errors.AddRange(submission.Validate().Select(Rename).Where(e => !Reported(errors, e.Field)).ToList());
        return (errors.Count == 0 ? submission : null, errors);
    }

    /// <summary>The API names the post's link <c>url</c> and the department <c>department</c>; the domain calls them postUrl and departmentId.</summary>
    private static SubmissionError Rename(SubmissionError error) => error.Field switch
    {
        "postUrl" => error with { Field = "url", Message = error.Message.Replace("postUrl", "url", StringComparison.Ordinal) },
        "departmentId" => error with { Field = "department", Message = error.Message.Replace("departmentId", "department", StringComparison.Ordinal) },
        _ => error,
    };

    /// <summary>Every field longer than its maximum, named as on the wire.</summary>
    private static List<SubmissionError> TooLong(IntakeRequest request)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["source"] = request.Source,
            ["externalId"] = request.ExternalId,
            ["network"] = request.Network,
            ["authorHandle"] = request.AuthorHandle,
            ["text"] = request.Text,
            ["url"] = request.Url,
            ["language"] = request.Language,
            ["priority"] = request.Priority,
            ["category"] = request.Category,
            ["department"] = request.Department,
            ["callbackUrl"] = request.CallbackUrl,
            ["requester.aadObjectId"] = request.Requester?.AadObjectId,
            ["requester.upn"] = request.Requester?.Upn,
            ["requester.displayName"] = request.Requester?.DisplayName,
        };
        return
        [
            .. MaxLengths
                .Where(limit => values[limit.Field]?.Length > limit.MaxLength)
                .Select(limit => new SubmissionError(limit.Field, $"{limit.Field} must be at most {limit.MaxLength} characters.")),
        ];
    }

    private static bool Reported(List<SubmissionError> errors, string field) => errors.Exists(e => e.Field == field);

    private static bool TryParseNetwork(string? value, out Network network)
    {
        if (string.Equals(value?.Trim(), TwitterAlias, StringComparison.OrdinalIgnoreCase))
        {
            network = Domain.Complaints.Network.X;
            return true;
        }

        return IntakeChoices.TryParseNetwork(value, out network);
    }

    private delegate bool TryParse<T>(string? value, out T parsed);

    private static T? ParseChoice<T>(List<SubmissionError> errors, string field, string? value, IReadOnlyList<string> names, TryParse<T> parse, bool required)
        where T : struct
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(new(field, $"{field} is required: one of {string.Join(", ", names)}."));
            }

            return null;
        }

        if (parse(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(new(field, $"{field} '{value}' is not one of {string.Join(", ", names)}."));
        return null;
    }

    private static Uri? ParseUrl(List<SubmissionError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && ComplaintSubmission.IsWebUrl(url))
        {
            if (!ComplaintSubmission.HasUserInfo(url))
            {
                return url;
            }

            errors.Add(new(field, ComplaintSubmission.UserInfoMessage(field)));
            return null;
        }

        errors.Add(new(field, $"{field} must be an absolute http or https URL."));
        return null;
    }

    /// <summary>Callbacks only go where the source's configuration allows, over https: the API cannot be used to make the service call arbitrary hosts.</summary>
    private static void CheckCallback(List<SubmissionError> errors, string? source, Uri? callbackUrl, IntakeOptions options)
    {
        if (callbackUrl is null)
        {
            return;
        }

        if (callbackUrl.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(new("callbackUrl", "callbackUrl must use https."));
            return;
        }

        var settings = options.Source(source);
        if (settings is null || !settings.AllowedCallbackHosts.Any(h => CallbackHosts.Matches(callbackUrl.IdnHost, h)))
        {
            errors.Add(new("callbackUrl", $"callbackUrl host '{callbackUrl.IdnHost}' is not allowed for source '{source}' (Intake:Sources:{source}:AllowedCallbackHosts)."));
        }
        else if (!settings.AllowsCallbackPort(callbackUrl.Port))
        {
            errors.Add(new("callbackUrl", $"callbackUrl port {callbackUrl.Port.ToString(CultureInfo.InvariantCulture)} is not allowed for source '{source}': 443 only, unless Intake:Sources:{source}:AllowedCallbackPorts lists it."));
        }
    }

    /// <summary>
    /// A source whose requesters are restricted names them by a UPN in an allowed domain; an object id alone cannot be
    /// checked against a domain, so it is refused there.
    /// </summary>
    private static void CheckRequesterDomain(List<SubmissionError> errors, string? source, IntakeRequester? requester, IntakeOptions options)
    {
        if (requester is null || options.Source(source) is not { AllowedRequesterDomains.Count: > 0 } settings)
        {
            return;
        }

        if (Blank(requester.AadObjectId) is not null)
        {
            errors.Add(new("requester.aadObjectId", $"requester.aadObjectId is not accepted for source '{source}': name the requester by upn, in {string.Join(", ", settings.AllowedRequesterDomains)}."));
        }

        var upn = Blank(requester.Upn);
        var at = upn?.LastIndexOf('@') ?? -1;
        if (upn is null || at < 0 || !settings.AllowedRequesterDomains.Any(d => CallbackHosts.Matches(upn[(at + 1)..], d)))
        {
            errors.Add(new("requester.upn", $"requester.upn must be in a domain allowed for source '{source}': {string.Join(", ", settings.AllowedRequesterDomains)}."));
        }
    }

    /// <summary>Every field is measured as sent, against the limits the OpenAPI document states (<see cref="IntakeLimits"/>).</summary>
    private static void CheckLengths(List<SubmissionError> errors, IntakeRequest request)
    {
        foreach (var (field, value) in FieldValues(request))
        {
            if (value is not null && IntakeLimits.ByField.TryGetValue(field, out var max) && value.Length > max && errors.All(e => e.Field != field))
            {
                errors.Add(new(field, $"{field} must be at most {max.ToString(CultureInfo.InvariantCulture)} characters."));
            }
        }
    }

    private static IEnumerable<(string Field, string? Value)> FieldValues(IntakeRequest request)
    {
        yield return ("source", request.Source);
        yield return ("externalId", request.ExternalId);
        yield return ("authorHandle", request.AuthorHandle);
        yield return ("text", request.Text);
        yield return ("url", request.Url);
        yield return ("language", request.Language);
        yield return ("category", request.Category);
        yield return ("department", request.Department);
        yield return ("callbackUrl", request.CallbackUrl);
        yield return ("requester.aadObjectId", request.Requester?.AadObjectId);
        yield return ("requester.upn", request.Requester?.Upn);
        yield return ("requester.displayName", request.Requester?.DisplayName);
    }

    private static void CheckRequester(List<SubmissionError> errors, IntakeRequester? requester)
    {
        if (requester is null)
        {
            return;
        }

        if (Blank(requester.AadObjectId) is { } id && !Reported(errors, "requester.aadObjectId") && !Guid.TryParse(id, out _))
        {
            errors.Add(new("requester.aadObjectId", "requester.aadObjectId must be an Entra object id (a GUID)."));
        }

        if (Blank(requester.Upn) is { } upn && !Reported(errors, "requester.upn") && !upn.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(new("requester.upn", "requester.upn must be a user principal name such as ana@contoso.com."));
        }

        if (Blank(requester.AadObjectId) is null && Blank(requester.Upn) is null)
        {
            errors.Add(new("requester", "requester needs aadObjectId or upn."));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

internal static class CallbackHosts
{
    public static bool Matches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
