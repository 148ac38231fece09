using Microsoft.Extensions.Time.Testing;
using TeamsEscalationBot.Features.Directory;

namespace TeamsEscalationBot.UnitTests.DirectoryTests;

[TestClass]
public sealed class LookupCacheTests
{
    private static readonly TimeSpan FoundLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan NotFoundLifetime = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private int _loads;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task GetOrLoad_FoundWithinLifetime_LoadedOnceThenReloadedWhenExpired()
    {
        var cache = Cache();

        await GetAsync(cache, DirectoryLookup.Found("a"));
        _time.Advance(FoundLifetime - TimeSpan.FromSeconds(1));
        await GetAsync(cache, DirectoryLookup.Found("b"));
        Assert.AreEqual(1, _loads);

        _time.Advance(TimeSpan.FromSeconds(1));
        var answer = await GetAsync(cache, DirectoryLookup.Found("c"));
        Assert.AreEqual(2, _loads);
        Assert.AreEqual("c", ((DirectoryLookup<string>.Found)answer).Value);
    }

    [TestMethod]
    public async Task GetOrLoad_NotFound_KeptForTheShorterLifetime()
    {
        var cache = Cache();

        await GetAsync(cache, DirectoryLookup.NotFound<string>());
        _time.Advance(NotFoundLifetime - TimeSpan.FromSeconds(1));
        await GetAsync(cache, DirectoryLookup.NotFound<string>());
        Assert.AreEqual(1, _loads);

        _time.Advance(TimeSpan.FromSeconds(1));
        await GetAsync(cache, DirectoryLookup.Found("created meanwhile"));
        Assert.AreEqual(2, _loads);
    }

    [TestMethod]
    public async Task GetOrLoad_Unavailable_NeverCached()
    {
        var cache = Cache();

        await GetAsync(cache, DirectoryLookup.Unavailable<string>("throttled"));
        var answer = await GetAsync(cache, DirectoryLookup.Found("back"));

        Assert.AreEqual(2, _loads);
        Assert.IsInstanceOfType<DirectoryLookup<string>.Found>(answer);
    }

    [TestMethod]
    public async Task GetOrLoad_KeysDifferingInCase_OneEntry()
    {
        var cache = Cache();

        await GetAsync(cache, DirectoryLookup.Found("a"), "AdeleV@contoso.com");
        await GetAsync(cache, DirectoryLookup.Found("a"), "adelev@CONTOSO.com");

        Assert.AreEqual(1, _loads);
    }

    [TestMethod]
    public async Task GetOrLoad_FiftyConcurrentCallers_OneLoad()
    {
        var cache = Cache();
        var answer = new TaskCompletionSource<DirectoryLookup<string>>(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(0, 50).Select(_ => cache.GetOrLoadAsync("k", () => Load(answer.Task), TestContext.CancellationToken)).ToList();
        answer.SetResult(DirectoryLookup.Found("shared"));
        var answers = await Task.WhenAll(callers);

        Assert.AreEqual(1, _loads);
        Assert.IsTrue(answers.All(a => a is DirectoryLookup<string>.Found { Value: "shared" }));
    }

    [TestMethod]
    public async Task GetOrLoad_OneCallerCancels_OthersGetTheSharedAnswer()
    {
        var cache = Cache();
        var answer = new TaskCompletionSource<DirectoryLookup<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancellation = new CancellationTokenSource();

        var impatient = cache.GetOrLoadAsync("k", () => Load(answer.Task), cancellation.Token);
        var patient = cache.GetOrLoadAsync("k", () => Load(answer.Task), TestContext.CancellationToken);
        await cancellation.CancelAsync();
        answer.SetResult(DirectoryLookup.Found("shared"));

        await Assert.ThrowsAsync<OperationCanceledException>(() => impatient);
        Assert.IsInstanceOfType<DirectoryLookup<string>.Found>(await patient);
        Assert.AreEqual(1, _loads);
    }

    [TestMethod]
    public async Task GetOrLoad_LoadThrows_CallersSeeItAndNothingIsCached()
    {
        var cache = Cache();

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetOrLoadAsync("k", () => throw new InvalidOperationException("bug"), TestContext.CancellationToken));
        await GetAsync(cache, DirectoryLookup.Found("a"));

        Assert.AreEqual(1, _loads);
        Assert.AreEqual(1, cache.Count);
    }

    private LookupCache<string> Cache() => new(_time, FoundLifetime, NotFoundLifetime);

    private Task<DirectoryLookup<string>> GetAsync(LookupCache<string> cache, DirectoryLookup<string> answer, string key = "k") =>
        cache.GetOrLoadAsync(key, () => Load(Task.FromResult(answer)), TestContext.CancellationToken);

    private Task<DirectoryLookup<string>> Load(Task<DirectoryLookup<string>> answer)
    {
        Interlocked.Increment(ref _loads);
        return answer;
    }
}
