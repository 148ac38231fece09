using System.Security.Cryptography;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// Complaint ids people can read and type (<c>C</c> + 15 Crockford base-32 characters, e.g. <c>C01JDX4Z8Q3K7FQ</c>):
/// the first 10 characters are the creation time in milliseconds, so ordinal order is creation order (the stores list
/// by id), and 5 random characters (25 bits) keep ids created in the same millisecond apart.
/// </summary>
internal static class ComplaintIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create(Alphabet);

    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Span<char> id = stackalloc char[16];
        id[0] = 'C';
        var millis = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 10; i >= 1; i--)
        {
            id[i] = Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        var random = RandomNumberGenerator.GetInt32(1 << 25);
        for (var i = 15; i >= 11; i--)
        {
            id[i] = Alphabet[random & 31];
            random >>= 5;
        }

        return new string(id);
    }

    /// <summary>Characters of an id: <c>C</c> and 15 digits.</summary>
    public const int Length = 16;

    /// <summary>
    /// The shortest start of an id a person may type to find a complaint: <c>C</c> and the first 5 digits name a window
    /// of about 9 hours, so a few more characters usually name one complaint.
    /// </summary>
    public const int MinimumPrefixLength = 6;

    /// <summary>What a person typed, in canonical form (upper case, Crockford's look-alikes mapped), or null when it cannot be an id.</summary>
    public static string? Normalize(string? typed) => NormalizePrefix(typed) is { Length: ComplaintIds.Length } id ? id : null;

    /// <summary>
    /// The start of an id as a person typed it (any case, look-alikes, a trailing "…" or "..."), in canonical form; null
    /// when no id starts that way. It may be shorter than <see cref="MinimumPrefixLength"/>: callers decide what is enough.
    /// </summary>
    public static string? NormalizePrefix(string? typed)
    {
        var text = typed?.Trim().TrimEnd('…', '.').TrimEnd().ToUpperInvariant();
        if (string.IsNullOrEmpty(text) || text.Length > Length || text[0] != 'C')
        {
            return null;
        }

        var body = text[1..].Replace('O', '0').Replace('I', '1').Replace('L', '1');
        return body.AsSpan().ContainsAnyExcept(Digits) ? null : "C" + body;
    }
}
