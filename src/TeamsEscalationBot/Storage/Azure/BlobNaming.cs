using System.Security.Cryptography;
using System.Text;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>Blob names and index tag values derived from arbitrary strings.</summary>
internal static class BlobNaming
{
    /// <summary>Lowercase hex SHA-256 of the UTF-8 text: a fixed-length, name-safe key.</summary>
    public static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// A blob index tag value for <paramref name="value"/>. Tags allow only letters, digits, space and <c>+ - . / : = _</c>
    /// (up to 256 characters); anything else (e.g. Teams ids with '@' or ';') is stored as "h=" + SHA-256, which is still
    /// an exact-match key. Readers re-check the real field after reading the blob.
    /// </summary>
    public static string TagValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var plain = value.Length <= 256 && !value.StartsWith("h=", StringComparison.Ordinal) && value.All(IsTagCharacter);
        return plain ? value : "h=" + Hash(value);
    }

    /// <summary>An equality term for a Find Blobs by Tags expression; the value is encoded so it never needs quoting.</summary>
    public static string TagEquals(string key, string value) => $"\"{key}\" = '{TagValue(value)}'";

    public static string ToBase64Url(string value) => Base64Url(Encoding.UTF8.GetBytes(value));

    public static string FromBase64Url(string value) =>
        Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(value));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static bool IsTagCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '+' or '-' or '.' or '/' or ':' or '=' or '_';
}
