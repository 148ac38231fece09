using TeamsEscalationBot.Domain.Complaints;

namespace TeamsEscalationBot.Domain.Routing;

/// <summary>
/// Chooses a complaint's department. Rules, first match wins: the explicit department of the submission; its
/// category; keywords in its text (the department with the most distinct matched keywords, ties to the one
/// configured first); else the triage department. Comparisons are case- and accent-insensitive (<see cref="TextNormalizer"/>).
/// </summary>
public sealed class ComplaintRouter
{
    private readonly Dictionary<string, Department> byId;
    private readonly Dictionary<string, Department> byCategory;
    private readonly Dictionary<string, List<KeywordRule>> keywordsByFirstWord;

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when the configuration is invalid (see <see cref="Validate"/>).</summary>
    public ComplaintRouter(IEnumerable<Department> departments, string triageDepartmentId)
    {
        ArgumentNullException.ThrowIfNull(departments);
        Departments = [.. departments];
        var errors = Validate(Departments, triageDepartmentId);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid department configuration: " + string.Join(" ", errors), nameof(departments));
        }

        byId = Departments.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);
        byCategory = IndexCategories(Departments);
        keywordsByFirstWord = IndexKeywords(Departments);
        TriageDepartment = byId[triageDepartmentId];
    }

    /// <summary>The departments in configuration order.</summary>
    public IReadOnlyList<Department> Departments { get; }

    public Department TriageDepartment { get; }

    /// <summary>The department with this id (case-insensitive), or null.</summary>
    public Department? FindDepartment(string? id) =>
        id is not null && byId.TryGetValue(id.Trim(), out var department) ? department : null;

    /// <summary>
    /// The department for a submission and why, or null when it names an explicit department that does not exist
    /// (intake reports that as a validation error).
    /// </summary>
    public RoutingDecision? Route(ComplaintSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (!string.IsNullOrWhiteSpace(submission.DepartmentId))
        {
            var named = FindDepartment(submission.DepartmentId);
            return named is null ? null : new RoutingDecision(
                named.Id, RoutingRule.Explicit, [], $"Sent to {named.Name} because the submission named that department.");
        }

        if (!string.IsNullOrWhiteSpace(submission.Category)
            && byCategory.TryGetValue(TextNormalizer.ToKey(submission.Category), out var byItsCategory))
        {
            return new RoutingDecision(
                byItsCategory.Id,
                RoutingRule.Category,
                [],
                $"Sent to {byItsCategory.Name} because its category '{submission.Category}' belongs to that department.");
        }

        return RouteByKeywords(submission.Text ?? string.Empty) ?? new RoutingDecision(
            TriageDepartment.Id,
            RoutingRule.Triage,
            [],
            $"Sent to {TriageDepartment.Name} for triage because no department, category or keyword matched.");
    }

    /// <summary>
    /// Every problem with a department configuration, each naming its key (for example "Departments[2].Id");
    /// empty when valid. Checks what routing needs: ids (required, unique ignoring case), names, keywords and
    /// categories (each with at least one letter or digit; a category in one department only) and the triage id.
    /// </summary>
    public static IReadOnlyList<string> Validate(IEnumerable<Department?> departments, string? triageDepartmentId)
    {
        ArgumentNullException.ThrowIfNull(departments);
        var list = departments.ToList();
        var errors = new List<string>();
        if (list.Count == 0)
        {
            errors.Add("Departments must list at least one department.");
        }

        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            ValidateDepartment(list[i], $"Departments[{i}]", i, ids, categories, errors);
        }

        if (string.IsNullOrWhiteSpace(triageDepartmentId))
        {
            errors.Add("TriageDepartmentId is required.");
        }
        else if (!ids.ContainsKey(triageDepartmentId))
        {
            errors.Add($"TriageDepartmentId '{triageDepartmentId}' is not the id of a configured department.");
        }

        return errors;
    }

    private static void ValidateDepartment(
        Department? department,
        string key,
        int index,
        Dictionary<string, int> ids,
        Dictionary<string, int> categories,
        List<string> errors)
    {
        if (department is null)
        {
            errors.Add($"{key} is empty.");
            return;
        }

        if (string.IsNullOrWhiteSpace(department.Id))
        {
            errors.Add($"{key}.Id is required.");
        }
        else if (department.Id.Trim().Length != department.Id.Length)
        {
            errors.Add($"{key}.Id '{department.Id}' must not start or end with spaces.");
        }
        else if (!ids.TryAdd(department.Id, index))
        {
            errors.Add($"{key}.Id '{department.Id}' is already used by Departments[{ids[department.Id]}] (ids ignore case).");
        }

        if (string.IsNullOrWhiteSpace(department.Name))
        {
            errors.Add($"{key}.Name is required.");
        }

        var keywords = department.Keywords ?? [];
        for (var k = 0; k < keywords.Count; k++)
        {
            if (string.IsNullOrEmpty(keywords[k]) || TextNormalizer.Tokenize(keywords[k]).Count == 0)
            {
                errors.Add($"{key}.Keywords[{k}] has no letter or digit, so it can never match.");
            }
        }

        var departmentCategories = department.Categories ?? [];
        for (var c = 0; c < departmentCategories.Count; c++)
        {
            var categoryKey = TextNormalizer.ToKey(departmentCategories[c] ?? string.Empty);
            if (categoryKey.Length == 0)
            {
                errors.Add($"{key}.Categories[{c}] has no letter or digit, so it can never match.");
            }
            else if (categories.TryGetValue(categoryKey, out var owner) && owner != index)
            {
                errors.Add($"{key}.Categories[{c}] '{departmentCategories[c]}' is already a category of Departments[{owner}].");
            }
            else
            {
                categories[categoryKey] = index;
            }
        }
    }

    private static Dictionary<string, Department> IndexCategories(IReadOnlyList<Department> departments)
    {
        var index = new Dictionary<string, Department>(StringComparer.Ordinal);
        foreach (var department in departments)
        {
            foreach (var category in department.Categories ?? [])
            {
                index.TryAdd(TextNormalizer.ToKey(category), department);
            }
        }

        return index;
    }

    private static Dictionary<string, List<KeywordRule>> IndexKeywords(IReadOnlyList<Department> departments)
    {
        var index = new Dictionary<string, List<KeywordRule>>(StringComparer.Ordinal);
        for (var d = 0; d < departments.Count; d++)
        {
            foreach (var keyword in departments[d].Keywords ?? [])
            {
                var words = TextNormalizer.Tokenize(keyword);
                var rule = new KeywordRule(d, keyword, string.Join(' ', words), words);
                if (!index.TryGetValue(words[0], out var rules))
                {
                    index[words[0]] = rules = [];
                }

                rules.Add(rule);
            }
        }

        return index;
    }

    private RoutingDecision? RouteByKeywords(string text)
    {
        var words = TextNormalizer.Tokenize(text);
        var matches = new SortedDictionary<int, Dictionary<string, KeywordRule>>();
        for (var i = 0; i < words.Count; i++)
        {
            if (!keywordsByFirstWord.TryGetValue(words[i], out var rules))
            {
                continue;
            }

            foreach (var rule in rules.Where(r => r.MatchesAt(words, i)))
            {
                if (!matches.TryGetValue(rule.DepartmentIndex, out var found))
                {
                    matches[rule.DepartmentIndex] = found = new(StringComparer.Ordinal);
                }

                found.TryAdd(rule.Key, rule);
            }
        }

        if (matches.Count == 0)
        {
            return null;
        }

        // SortedDictionary iterates in configuration order, and MaxBy keeps the first of equals: ties go to the first configured.
        var (departmentIndex, matched) = matches.MaxBy(m => m.Value.Count);
        var department = Departments[departmentIndex];
        string[] keywords = [.. (department.Keywords ?? []).Where(k => matched.Values.Any(r => r.Keyword == k)).Distinct()];
        return new RoutingDecision(
            department.Id,
            RoutingRule.Keyword,
            keywords,
            $"Sent to {department.Name} because the text mentions: {string.Join(", ", keywords)}.");
    }

    private sealed record KeywordRule(int DepartmentIndex, string Keyword, string Key, IReadOnlyList<string> Words)
    {
        public bool MatchesAt(IReadOnlyList<string> text, int start)
        {
            if (start + Words.Count > text.Count)
            {
                return false;
            }

            for (var w = 0; w < Words.Count; w++)
            {
                if (!string.Equals(text[start + w], Words[w], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
