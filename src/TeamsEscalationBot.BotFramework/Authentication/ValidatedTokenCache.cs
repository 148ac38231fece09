using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace TeamsEscalationBot.BotFramework.Authentication;

/// <summary>
/// Tokens that passed every token check, found again by the SHA-256 of the raw token, so the Connector's token, which it
/// sends on many requests, is parsed and its signature verified once rather than on every request. An entry is used
/// only while the clock is before the token's <c>exp</c> (the 5 minutes of clock skew are granted by a full
/// validation, never by the cache) and while the signing keys it was validated with are still the current ones: any
/// refresh of the keys (daily, or for an unknown key id) drops every entry on its next use, so a key removed from the
/// JWKS stops validating cached tokens at the same moment it stops validating new ones. Only tokens that passed are
/// added; at most <see cref="Capacity"/> entries, the expired ones swept first, then the one nearest its expiry.
/// Checks that depend on the activity (endorsement, <c>serviceurl</c>, channel, tenant) run on every request.
/// </summary>
internal sealed class ValidatedTokenCache(TimeProvider clock, int capacity = ValidatedTokenCache.DefaultCapacity)
{
    public const int DefaultCapacity = 1024;

    /// <summary>Tokens longer than this (in UTF-8 bytes) are hashed from a pooled buffer rather than the stack.</summary>
    private const int StackHashLimit = 4096;

    private readonly ConcurrentDictionary<TokenHash, Entry> _entries = new();
    private readonly Lock _sweep = new();

    /// <summary>The clock that judges token lifetimes, for the cache and for the full validation alike.</summary>
    public TimeProvider Clock { get; } = clock;

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    public int Count => _entries.Count;

    /// <summary>
    /// The earlier check of <paramref name="token"/> while the clock is before its <c>exp</c>, still to be confirmed
    /// against the current keys with <see cref="Confirm"/>; null when it is not cached (an expired entry is removed).
    /// </summary>
    public CachedToken? Find(string token)
    {
        var hash = TokenHash.Of(token);
        if (!_entries.TryGetValue(hash, out var entry))
        {
            return null;
        }

        if (Clock.GetUtcNow() < entry.Expires)
        {
            return new CachedToken(hash, entry);
        }

        _entries.TryRemove(new KeyValuePair<TokenHash, Entry>(hash, entry));
        return null;
    }

    /// <summary>The cached check when it was made with <paramref name="currentKeys"/>; otherwise the entry is dropped and null returned.</summary>
    public TokenCheck? Confirm(CachedToken cached, SigningKeySet currentKeys)
    {
        ArgumentNullException.ThrowIfNull(cached);
        if (ReferenceEquals(cached.Entry.Check.Keys, currentKeys))
        {
            return cached.Entry.Check;
        }

        _entries.TryRemove(new KeyValuePair<TokenHash, Entry>(cached.Hash, cached.Entry));
        return null;
    }

    /// <summary>Whether <paramref name="token"/> is cached at all (for tests and diagnostics).</summary>
    public bool Contains(string token) => _entries.ContainsKey(TokenHash.Of(token));

    /// <summary>Remembers a token that passed every token check, until its <c>exp</c>; a token already past it is not kept.</summary>
    public void Add(string token, TokenCheck check, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check.Outcome is not null || check.Anonymous || check.Keys is null || Clock.GetUtcNow() >= expires)
        {
            return;
        }

        if (_entries.Count >= Capacity)
        {
            MakeRoom();
        }

        _entries[TokenHash.Of(token)] = new Entry(check, expires);
    }

    /// <summary>Removes the expired entries; if none was, the one nearest its expiry. Runs only when the cache is full.</summary>
    private void MakeRoom()
    {
        lock (_sweep)
        {
            if (_entries.Count < Capacity)
            {
                return;
            }

            var now = Clock.GetUtcNow();
            KeyValuePair<TokenHash, Entry>? soonest = null;
            foreach (var pair in _entries)
            {
                if (now >= pair.Value.Expires)
                {
                    _entries.TryRemove(pair);
                }
                else if (soonest is null || pair.Value.Expires < soonest.Value.Value.Expires)
                {
                    soonest = pair;
                }
            }

            if (_entries.Count >= Capacity && soonest is { } evict)
            {
                _entries.TryRemove(evict);
            }
        }
    }

    /// <summary>A cache hit before its keys are confirmed.</summary>
    internal sealed record CachedToken(TokenHash Hash, Entry Entry);

    internal sealed record Entry(TokenCheck Check, DateTimeOffset Expires);

    /// <summary>The SHA-256 of the token's UTF-8 bytes: the raw token is not kept as a key.</summary>
    internal readonly record struct TokenHash(UInt128 High, UInt128 Low)
    {
        public static TokenHash Of(string token)
        {
            var length = Encoding.UTF8.GetMaxByteCount(token.Length);
            byte[]? rented = null;
            var buffer = length <= StackHashLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                var written = Encoding.UTF8.GetBytes(token, buffer);
                Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
                SHA256.HashData(buffer[..written], hash);
                return new TokenHash(BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }
}
